// Package config reads orgadvisor's configuration: the config file
// ($XDG_CONFIG_HOME/orgadvisor/config.yaml or `--config FILE`), the
// ORGADVISOR_* environment variables and the flags. A setting's value is
// resolved with the precedence flags > environment > config file >
// defaults, and Config.String says which layer it came from, to name the
// flag, variable or file:line:col in an error. (viper did the resolving
// until it was found to cost a quarter of every run's start-up in package
// initialisation, for four settings whose origin this package had to work
// out itself anyway.) Answers are layered the same way, but by the advise
// command (see Type), because they are typed by the rules. The package
// also reads and writes answers files, keeping where every answer was
// given so that a bad answer is reported at its place.
package config

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dustin/go-humanize"
	"github.com/spf13/pflag"
	"go.yaml.in/yaml/v3"

	"github.com/orgadvisor/orgadvisor/internal/answers"
	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// The settings a config file, the environment or a flag can give.
const (
	KeyOutput     = "output"     // advise's output format
	KeyRules      = "rules"      // the active rules file
	KeyNoColor    = "no_color"   // never colour the output
	KeyNoInput    = "no_input"   // never prompt
	KeyAccessible = "accessible" // prompt in plain lines (screen readers)
	KeyPager      = "pager"      // the command that pages long output
	KeyNoPager    = "no_pager"   // never page the output
	keyAnswers    = "answers"    // default answers, by question id
)

// The settings of `serve`.
const (
	KeyAddr              = "addr"                // the address to listen on
	KeyLogFormat         = "log_format"          // text or json request logs
	KeyEmbedOrigin       = "embed_origin"        // websites that may embed the form
	KeyCORSOrigin        = "cors_origin"         // websites whose scripts may call /v1
	KeyAllowedHost       = "allowed_host"        // names the server answers to
	KeyMaxBody           = "max_body"            // the largest advise body
	KeyMaxLine           = "max_line"            // the largest batch record
	KeyMaxRequests       = "max_requests"        // requests served at once
	KeyReadHeaderTimeout = "read_header_timeout" // to read a request's headers
	KeyReadTimeout       = "read_timeout"        // to read a whole request
	KeyWriteTimeout      = "write_timeout"       // to write a whole response
	KeyIdleTimeout       = "idle_timeout"        // a kept-alive connection's wait
	KeyBatchTimeout      = "batch_timeout"       // one whole batch request
)

// kind is the type of a setting's value in the config file.
type kind int

const (
	kindString   kind = iota
	kindBool          // true or false
	kindSize          // a size in bytes: 1048576 or "1MiB"
	kindCount         // a whole number
	kindDuration      // a duration: "30s"
)

// settings are the keys a config file may hold besides answers, with their
// kinds, in the order the help lists them.
var settings = []struct {
	key  string
	kind kind
}{
	{KeyOutput, kindString}, {KeyRules, kindString}, {KeyNoColor, kindBool}, {KeyNoInput, kindBool},
	{KeyAccessible, kindBool}, {KeyPager, kindString}, {KeyNoPager, kindBool},
	{KeyAddr, kindString}, {KeyLogFormat, kindString}, {KeyEmbedOrigin, kindString}, {KeyCORSOrigin, kindString},
	{KeyAllowedHost, kindString},
	{KeyMaxBody, kindSize}, {KeyMaxLine, kindSize}, {KeyMaxRequests, kindCount},
	{KeyReadHeaderTimeout, kindDuration}, {KeyReadTimeout, kindDuration}, {KeyWriteTimeout, kindDuration},
	{KeyIdleTimeout, kindDuration}, {KeyBatchTimeout, kindDuration},
}

// settingKeys are the settings, in the order help lists them.
func settingKeys() []string {
	keys := make([]string, len(settings))
	for i, s := range settings {
		keys[i] = s.key
	}
	return keys
}

func settingKind(key string) (kind, bool) {
	for _, s := range settings {
		if s.key == key {
			return s.kind, true
		}
	}
	return 0, false
}

// EnvPrefix starts every orgadvisor environment variable.
const EnvPrefix = answers.EnvPrefix

// EnvConfig names the environment variable that points at the config file.
const EnvConfig = EnvPrefix + "CONFIG"

// fileKeys are the keys a config file may hold.
func fileKeys() []string { return append(settingKeys(), keyAnswers) }

// EnvName is the environment variable of a setting: ORGADVISOR_OUTPUT.
func EnvName(key string) string { return EnvPrefix + strings.ToUpper(key) }

// Config is the configuration as read from the config file and the
// environment. Flags are joined in when a setting is read.
type Config struct {
	// Path is the config file read, or "" when there is none.
	Path string
	// Answers are the file's default answers, in file order.
	Answers []answers.Raw
	// pos holds the position of each setting's value in the file.
	pos map[string]rules.Pos
	// file holds the file's settings (all but answers) as text: a string
	// as written, true or false as YAML wrote them.
	file map[string]string
	// rulesPath is the file's rules setting made relative to the file.
	rulesPath string
}

// DefaultPath is where the config file is looked for when neither
// `--config` nor ORGADVISOR_CONFIG names one:
// $XDG_CONFIG_HOME/orgadvisor/config.yaml, else the system's user
// configuration directory (~/.config on Linux). It is "" when no directory
// is known.
func DefaultPath() string {
	dir := os.Getenv("XDG_CONFIG_HOME")
	if dir == "" {
		d, err := os.UserConfigDir()
		if err != nil {
			return ""
		}
		dir = d
	}
	return filepath.Join(dir, "orgadvisor", "config.yaml")
}

// Empty returns a configuration with no file: only the environment and the
// defaults count.
func Empty() *Config {
	return &Config{pos: map[string]rules.Pos{}, file: map[string]string{}}
}

// Load reads the config file. An explicit path (`--config` or
// ORGADVISOR_CONFIG) must exist; with path "" the default file is read when
// it exists. Problems are returned as one line naming file:line:col.
func Load(path string) (*Config, error) {
	explicit := path != ""
	if !explicit {
		path = DefaultPath()
		if path == "" {
			return Empty(), nil
		}
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return Empty(), nil
		}
	}
	src, err := rules.ReadFile(path, "config file")
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Parse reads a config file's bytes strictly: unknown keys, duplicate keys
// and wrong types are errors at their position.
func Parse(path string, src []byte) (*Config, error) {
	c := Empty()
	c.Path = path
	root, err := answers.ParseDocument(path, src, "config file")
	if err != nil {
		return nil, err
	}
	if root == nil { // only comments: no settings
		return c, nil
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s: config file must be a mapping of settings, not %s", answers.NodePos(path, root), answers.Describe(root))
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], rules.Deref(root.Content[i+1])
		if line, dup := seen[k.Value]; dup {
			return nil, fmt.Errorf("%s: duplicate key %q (first at line %d)", answers.NodePos(path, k), k.Value, line)
		}
		seen[k.Value] = k.Line
		kd, isSetting := settingKind(k.Value)
		switch {
		case isSetting:
			if err := checkKind(kd, k.Value, v); err != nil {
				return nil, fmt.Errorf("%s: %v", answers.NodePos(path, v), err)
			}
			if k.Value == KeyRules && v.Value == "" {
				// As for an empty `--rules`: a mistake, not a way to ask
				// for the embedded rules, which leaving it out does.
				return nil, fmt.Errorf("%s: rules needs a file name; leave it out to use the embedded rules", answers.NodePos(path, v))
			}
		case k.Value == keyAnswers:
			if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
				break
			}
			answers, err := answers.FromNode(path, v)
			if err != nil {
				return nil, err
			}
			c.Answers = answers
		default:
			return nil, fmt.Errorf("%s: unknown key %q in config file; keys: %s", answers.NodePos(path, k), k.Value, strings.Join(fileKeys(), ", "))
		}
		c.pos[k.Value] = answers.NodePos(path, v)
		if k.Value != keyAnswers {
			c.file[k.Value] = v.Value
		}
	}
	// A relative rules path is relative to the config file, not to
	// wherever orgadvisor happens to run.
	if p := c.file[KeyRules]; p != "" && !filepath.IsAbs(p) {
		c.rulesPath = filepath.Join(filepath.Dir(path), p)
	}
	return c, nil
}

// checkKind checks the type of a setting's value in the config file; the
// value itself (a duration, a size) is checked when the setting is read,
// as an environment variable's is.
func checkKind(kd kind, key string, v *yaml.Node) error {
	scalar := func(tags ...string) bool {
		return v.Kind == yaml.ScalarNode && slices.Contains(tags, v.Tag)
	}
	switch kd {
	case kindString:
		if !scalar("!!str") {
			return fmt.Errorf("%s must be a string, not %s", key, answers.Describe(v))
		}
	case kindBool:
		if !scalar("!!bool") {
			return fmt.Errorf("%s must be true or false, not %s", key, answers.Describe(v))
		}
	case kindSize:
		if !scalar("!!str", "!!int") {
			return fmt.Errorf("%s must be a size such as 1MiB or a number of bytes, not %s", key, answers.Describe(v))
		}
	case kindCount:
		if !scalar("!!int") {
			return fmt.Errorf("%s must be a whole number, not %s", key, answers.Describe(v))
		}
	case kindDuration:
		if !scalar("!!str") {
			return fmt.Errorf("%s must be a duration such as \"30s\" or \"2m\", not %s", key, answers.Describe(v))
		}
	}
	return nil
}

// Setting is a resolved setting and where it came from.
type Setting struct {
	Value string
	// From names where the value was set: a flag ("`--output`"), an
	// environment variable ("ORGADVISOR_OUTPUT") or the value's place in the
	// config file ("config.yaml:2:9"); "" for the default.
	From string
}

// String resolves a string setting: flag (when changed) > environment (when
// not empty) > config file > def.
func (c *Config) String(key string, flag *pflag.Flag, def string) Setting {
	s := Setting{From: c.origin(key, flag)}
	switch {
	case flag != nil && flag.Changed:
		s.Value = flag.Value.String()
	case s.From == EnvName(key):
		s.Value = os.Getenv(EnvName(key))
	case s.From != "":
		s.Value = c.file[key]
		if key == KeyRules && c.rulesPath != "" {
			s.Value = c.rulesPath
		}
	default:
		s.Value = def
	}
	return s
}

// Bool resolves a true/false setting with the same precedence as String.
// An environment value that is not a boolean is an error naming the
// variable.
func (c *Config) Bool(key string, flag *pflag.Flag) (bool, error) {
	s := c.String(key, flag, "false")
	b, ok := ParseBool(s.Value)
	if !ok {
		return false, fmt.Errorf("%s: %q is not true or false", s.From, s.Value)
	}
	return b, nil
}

// Count resolves a whole-number setting of at least 1 with the same
// precedence as String; a bad value is an error naming where it was set.
func (c *Config) Count(key string, flag *pflag.Flag, def int) (int, error) {
	s := c.String(key, flag, strconv.Itoa(def))
	n, err := strconv.Atoi(strings.TrimSpace(s.Value))
	if err != nil || n < 1 {
		return 0, fmt.Errorf("%s: %q is not a whole number of at least 1", s.From, s.Value)
	}
	return n, nil
}

// Size resolves a size in bytes with the same precedence as String: a
// number of bytes, or a number with a unit (512KiB, 1MiB, 1MB; KiB is 1024
// bytes, KB 1000). It must be at least 1 byte and under 1 TiB.
func (c *Config) Size(key string, flag *pflag.Flag, def int64) (int64, error) {
	s := c.String(key, flag, strconv.FormatInt(def, 10))
	n, err := humanize.ParseBytes(s.Value)
	if err != nil || n < 1 || n >= 1<<40 {
		return 0, fmt.Errorf("%s: %q is not a size such as 1MiB, 512KiB or 65536 (bytes)", s.From, s.Value)
	}
	return int64(n), nil
}

// Duration resolves a duration with the same precedence as String: a
// number with a unit, such as 30s, 2m or 1m30s; it must be positive.
func (c *Config) Duration(key string, flag *pflag.Flag, def time.Duration) (time.Duration, error) {
	s := c.String(key, flag, def.String())
	d, err := time.ParseDuration(strings.TrimSpace(s.Value))
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: %q is not a duration such as 30s, 2m or 1m30s", s.From, s.Value)
	}
	return d, nil
}

// ParseBool reads a true/false setting with the engine's words
// (rules.ParseBool); an empty value is false, as a variable set to nothing.
func ParseBool(s string) (value, ok bool) {
	if strings.TrimSpace(s) == "" {
		return false, true
	}
	return rules.ParseBool(s)
}

// origin names the layer key's value comes from: a changed flag, a
// non-empty variable (an empty one counts as unset), the config file, else
// the default ("").
func (c *Config) origin(key string, flag *pflag.Flag) string {
	if flag != nil && flag.Changed {
		return "`--" + flag.Name + "`"
	}
	if v, ok := os.LookupEnv(EnvName(key)); ok && v != "" {
		return EnvName(key)
	}
	if _, ok := c.file[key]; ok {
		return c.pos[key].String()
	}
	return ""
}

// Has reports whether the config file sets key, and where.
func (c *Config) Has(key string) (rules.Pos, bool) {
	p, ok := c.pos[key]
	return p, ok
}
