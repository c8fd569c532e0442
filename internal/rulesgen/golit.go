package rulesgen

import (
	"fmt"
	"math"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// literal writes Go values as Go expressions that rebuild them: exported
// struct fields (zero ones left out), pointers, slices (nil and empty kept
// apart), maps in sorted key order, interfaces by their dynamic value, and
// basic values. A package-level variable initialised with such literals is
// laid out by the compiler as static data: no code runs to build it.
// Unexported fields are left out; whoever reads the values back restores
// them (rules.Snapshot.Restore).
type literal struct {
	b strings.Builder
	// pkg is the import path of the generated file's package.
	pkg string
	// imports maps the packages named to their import paths.
	imports map[string]string
	// ptr is set when a pointer to a basic value was written: the file
	// then needs the helper that makes one.
	ptr bool
}

func newLiteral(pkg string) *literal {
	return &literal{pkg: pkg, imports: map[string]string{}}
}

// typeName writes t as the generated file spells it.
func (l *literal) typeName(t reflect.Type) string {
	if t.Name() != "" {
		if t.PkgPath() == "" || t.PkgPath() == l.pkg {
			return t.Name()
		}
		name := path.Base(t.PkgPath())
		if prev, ok := l.imports[name]; ok && prev != t.PkgPath() {
			panic(fmt.Sprintf("rulesgen: two packages named %s: %s and %s", name, prev, t.PkgPath()))
		}
		l.imports[name] = t.PkgPath()
		return name + "." + t.Name()
	}
	switch t.Kind() {
	case reflect.Pointer:
		return "*" + l.typeName(t.Elem())
	case reflect.Slice:
		return "[]" + l.typeName(t.Elem())
	case reflect.Map:
		return "map[" + l.typeName(t.Key()) + "]" + l.typeName(t.Elem())
	case reflect.Struct:
		if t.NumField() == 0 {
			return "struct{}"
		}
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any"
		}
	}
	panic("rulesgen: cannot name type " + t.String())
}

// value writes v. typed says the context does not give v's type (an
// interface), so that a basic value must carry it.
func (l *literal) value(v reflect.Value, typed bool) {
	t := v.Type()
	switch t.Kind() {
	case reflect.Pointer:
		switch {
		case v.IsNil():
			l.b.WriteString("nil")
		case t.Elem().Kind() == reflect.Struct:
			l.b.WriteString("&")
			l.value(v.Elem(), true)
		default:
			l.ptr = true
			l.b.WriteString("ptr(")
			l.value(v.Elem(), true)
			l.b.WriteString(")")
		}
	case reflect.Interface:
		if v.IsNil() {
			l.b.WriteString("nil")
			return
		}
		l.value(v.Elem(), true)
	case reflect.Struct:
		l.b.WriteString(l.typeName(t) + "{")
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() || v.Field(i).IsZero() {
				continue
			}
			l.b.WriteString("\n" + f.Name + ": ")
			l.value(v.Field(i), false)
			l.b.WriteString(",")
		}
		l.close()
	case reflect.Slice:
		if v.IsNil() {
			l.b.WriteString("nil")
			return
		}
		l.b.WriteString(l.typeName(t) + "{")
		for i := range v.Len() {
			l.b.WriteString("\n")
			l.value(v.Index(i), false)
			l.b.WriteString(",")
		}
		l.close()
	case reflect.Map:
		if v.IsNil() {
			l.b.WriteString("nil")
			return
		}
		keys := v.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		l.b.WriteString(l.typeName(t) + "{")
		for _, k := range keys {
			l.b.WriteString("\n")
			l.value(k, false)
			l.b.WriteString(": ")
			l.value(v.MapIndex(k), false)
			l.b.WriteString(",")
		}
		l.close()
	default:
		l.basic(v, typed)
	}
}

// close ends a composite literal, on a line of its own after elements.
func (l *literal) close() {
	if strings.HasSuffix(l.b.String(), ",") {
		l.b.WriteString("\n")
	}
	l.b.WriteString("}")
}

// basic writes a bool, number or string. Untyped constants take the type
// of their context; in an interface, a named type or a kind that is not the
// constant's default is converted.
func (l *literal) basic(v reflect.Value, typed bool) {
	var s string
	switch v.Kind() {
	case reflect.Bool:
		s = strconv.FormatBool(v.Bool())
	case reflect.String:
		s = strconv.Quote(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		s = strconv.FormatInt(v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		s = strconv.FormatUint(v.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsInf(f, 0) || math.IsNaN(f) {
			panic("rulesgen: cannot write " + fmt.Sprint(f))
		}
		s = strconv.FormatFloat(f, 'g', -1, 64)
		if !strings.ContainsAny(s, ".eE") {
			s += ".0"
		}
	default:
		panic("rulesgen: cannot write a value of type " + v.Type().String())
	}
	t := v.Type()
	defaultKind := map[reflect.Kind]bool{reflect.Bool: true, reflect.String: true, reflect.Int: true, reflect.Float64: true}
	if typed && (t.PkgPath() != "" || !defaultKind[t.Kind()]) {
		s = l.typeName(t) + "(" + s + ")"
	}
	l.b.WriteString(s)
}
