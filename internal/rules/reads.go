package rules

// Reads lists the question ids the condition reads, each once, in the
// order first read; nil for a nil condition.
func (c *Condition) Reads() []string {
	if c == nil {
		return nil
	}
	if c.Op == OpExpr {
		return c.reads
	}
	var out []string
	for _, it := range c.Items {
		for _, id := range it.Reads() {
			if !contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}
