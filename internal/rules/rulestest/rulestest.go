// Package rulestest holds a small rules file whose outcomes are easy to work
// out by hand, for the tests of every package above the engine. It depends
// on nothing but the engine, so that the domain's tests stay free of the
// command line.
package rulestest

import (
	"testing"

	"github.com/orgadvisor/orgadvisor/internal/rules"
)

// SmallRulesName is the name the small rules are loaded under.
const SmallRulesName = "small.yaml"

// SmallRulesYAML is a rules file with one question of each type, two roles
// and four rules: a software company is "ptech" (score 3), with ten
// developers "tech", and large, growing and regulated ones add "info".
const SmallRulesYAML = `version: 1
sources:
  s1: {title: Test source, ref: "https://example.com/s1", kind: article}
  s2: {title: Other source, ref: s2.txt}
questions:
  - id: team_size
    type: int
    prompt: How many people?
    help: Everyone who works there.
    min: 1
    max: 1000
    required: true
  - id: builds_software
    type: bool
    prompt: Do you build software?
    help: Products customers use.
    required: true
  - id: phase
    type: choice
    prompt: Which phase?
    help: Where the company is.
    options:
      - {id: seed, label: Seed stage}
      - {id: growth, label: Growth stage}
    default: seed
  - id: regimes
    type: multi
    prompt: Which regimes apply?
    help: Compliance regimes.
    options:
      - {id: gdpr, label: GDPR}
      - {id: pci, label: PCI DSS}
  - id: devs
    type: int
    prompt: How many developers?
    help: Developers employed.
    min: 0
    default: 0
    ask_if: builds_software
roles:
  - id: tech
    title: Technology Chief
    fractional_title: Part-time Technology Chief
    label: tech
    fractional_label: ptech
  - id: info
    title: Information Chief
    fractional_title: Part-time Information Chief
    label: info
    fractional_label: pinfo
rules:
  - id: software
    description: Builds software.
    when: builds_software
    add: {tech: 3}
    sources: [s1]
  - id: big
    description: Many people.
    when: team_size >= 100 and phase == 'growth'
    add: {info: 3}
    notes: [Big teams need IT.]
    sources: [s1]
  - id: regulated
    description: Regulated.
    when: len(regimes) >= 1
    add: {info: 1}
    sources: [s1]
    disputed_by:
      - sources: [s2]
        view: Others say compliance is the tech chief's.
  - id: devteam
    description: A team of developers.
    when: devs >= 10
    add: {tech: 2}
    sources: [s2]
decide:
  tech:
    - when: score >= 5
      level: full-time
      because: Lots of tech.
    - when: score >= 3
      level: fractional
      because: Some tech.
    - level: none
      because: No tech.
  info:
    - when: score >= 3
      level: full-time
      because: Lots of IT.
    - when: score >= 1
      level: fractional
      because: Some IT.
    - level: none
      because: Little IT.
`

// SmallRules loads SmallRulesYAML.
func SmallRules(t testing.TB) *rules.Ruleset {
	t.Helper()
	rs, _, err := rules.Load(SmallRulesName, []byte(SmallRulesYAML))
	if err != nil {
		t.Fatalf("small rules: %v", err)
	}
	return rs
}
