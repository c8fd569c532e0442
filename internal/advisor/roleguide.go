package advisor

// The role guide: what a CTO, a CIO and their fractional (virtual) forms
// are, and how they differ, from the four seed articles the knowledge is
// built from and the public material in the project's domain notes. Every
// point names its sources by their id in the rules file (rules.yaml's
// sources:), so titles and references come from one place; vendor figures
// are opinions in ranges and say so.

// RoleGuide describes one leadership role for `orgadvisor roles`.
type RoleGuide struct {
	// ID is cto, cio, vcto or vcio.
	ID    string `json:"id"`
	Title string `json:"title"`
	// Fractional is true for the part-time (virtual) forms.
	Fractional bool `json:"fractional"`
	// Counterpart is the role this one is most often confused or paired
	// with: the CIO for the CTO, the CTO for a vCTO's full-time form...
	Counterpart string `json:"counterpart"`
	Summary     string `json:"summary"`
	// The aspects compared side by side.
	Focus            []Point `json:"focus"`
	Responsibilities []Point `json:"responsibilities"`
	ReportsTo        []Point `json:"reports_to"`
	Skills           []Point `json:"skills"`
	Background       []Point `json:"background"`
	Cost             []Point `json:"cost"`
	FitsWhen         []Point `json:"fits_when"`
}

// Point is one statement of the guide with the sources behind it.
type Point struct {
	Text    string   `json:"text"`
	Sources []string `json:"sources"`
}

// GuideSource is a source the guide cites, as the active rules file
// describes it.
type GuideSource struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Ref   string `json:"ref"`
	// Kind is article, marketing or vendor; vendor and marketing pieces
	// weigh less.
	Kind string `json:"kind"`
}

// GuideDispute is a point on which the sources disagree.
type GuideDispute struct {
	Topic string  `json:"topic"`
	Views []Point `json:"views"`
}

// RoleGuideAspect is one row of the side-by-side comparison.
type RoleGuideAspect struct {
	// Key is the JSON field name of the aspect.
	Key   string
	Title string
	Get   func(RoleGuide) []Point
}

// RoleGuideAspects lists the aspects compared, in display order.
func RoleGuideAspects() []RoleGuideAspect {
	return []RoleGuideAspect{
		{"focus", "Focus", func(g RoleGuide) []Point { return g.Focus }},
		{"responsibilities", "Responsibilities", func(g RoleGuide) []Point { return g.Responsibilities }},
		{"reports_to", "Reports to", func(g RoleGuide) []Point { return g.ReportsTo }},
		{"skills", "Skills", func(g RoleGuide) []Point { return g.Skills }},
		{"background", "Typical background", func(g RoleGuide) []Point { return g.Background }},
		{"cost", "Cost", func(g RoleGuide) []Point { return g.Cost }},
		{"fits_when", "Fits when", func(g RoleGuide) []Point { return g.FitsWhen }},
	}
}

// RoleGuideIDs lists the roles of the guide, in display order.
func RoleGuideIDs() []string { return []string{"cto", "cio", "vcto", "vcio"} }

// RoleGuides returns the guide to every role, in display order. It builds a
// fresh copy each time, so callers may change what they get.
func RoleGuides() []RoleGuide {
	return []RoleGuide{
		{
			ID: "cto", Title: "Chief Technology Officer (CTO)", Counterpart: "cio",
			Summary: "Leads the technology the organisation sells or builds: its products, platforms, research and engineering team.",
			Focus: []Point{
				{"External, customer-facing technology and innovation.", []string{"seed:001", "seed:002"}},
				{"The long-term technology vision and strategy.", []string{"seed:000", "seed:001"}},
			},
			Responsibilities: []Point{
				{"Technology vision, roadmaps and emerging technologies.", []string{"seed:000", "seed:001", "seed:002"}},
				{"Technology-based products and customer-facing platforms.", []string{"seed:001", "seed:002", "seed:003"}},
				{"Research and development, prototypes and proofs of concept.", []string{"seed:001", "seed:003"}},
				{"Building and leading the engineering team.", []string{"seed:000", "seed:001", "seed:003"}},
				{"Digital transformation.", []string{"seed:001", "seed:002", "seed:003"}},
			},
			ReportsTo: []Point{
				{"The CEO or the COO.", []string{"seed:001"}},
			},
			Skills: []Point{
				{"Software development, engineering or R&D; technology trends; managing development teams.", []string{"seed:001"}},
				{"Deep expertise in specific technologies.", []string{"seed:000"}},
			},
			Background: []Point{
				{"Technical or engineering roles, then leadership through innovation and product work.", []string{"seed:001"}},
			},
			Cost: []Point{
				{"About $250–400k a year full-time (a vendor's range); paid most in technology-centred companies.", []string{"nerolisystems", "seed:001"}},
			},
			FitsWhen: []Point{
				{"Customers use technology the organisation builds (product-driven or technology-centric companies).", []string{"seed:001", "seed:002"}},
				{"Engineers to lead: 5+ recommended, 10+ essential, 20 needs a full-time CTO (vendors' opinions).", []string{"fractionalctoexperts", "watershedcxo"}},
				{"Around 80+ people or late-stage funding; up to ~15 people the founder is the CTO.", []string{"protify"}},
			},
		},
		{
			ID: "cio", Title: "Chief Information Officer (CIO)", Counterpart: "cto",
			Summary: "Runs the technology the organisation runs on: internal systems, infrastructure, information security and IT operations.",
			Focus: []Point{
				{"Internal technology and operations: efficient, secure systems for employees.", []string{"seed:001", "seed:002"}},
				{"Day-to-day management of IT systems, policies and budget.", []string{"seed:000", "seed:001"}},
			},
			Responsibilities: []Point{
				{"IT infrastructure: networks, servers, hardware and software.", []string{"seed:001", "seed:002"}},
				{"Information security and compliance (seed:003 gives these to the CTO).", []string{"seed:001", "seed:002"}},
				{"Integrating new technology with existing systems; ERP, CRM and other internal platforms.", []string{"seed:001", "seed:002"}},
				{"Business process optimisation.", []string{"seed:001"}},
				{"IT support, policies, procedures and the IT budget.", []string{"seed:000", "seed:001", "seed:002"}},
			},
			ReportsTo: []Point{
				{"The CEO, the COO or, in some organisations, the CFO.", []string{"seed:001"}},
			},
			Skills: []Point{
				{"IT management, systems integration, cybersecurity and IT governance; project management.", []string{"seed:001"}},
				{"Broad knowledge of IT systems and processes.", []string{"seed:000"}},
			},
			Background: []Point{
				{"IT management or systems administration, then IT leadership.", []string{"seed:001"}},
			},
			Cost: []Point{
				{"About $150–300k a year full-time (a vendor's range); paid most in large, complex organisations.", []string{"inscnet", "seed:001"}},
			},
			FitsWhen: []Point{
				{"Large or complex organisations with many internal systems, sites or regulated data.", []string{"seed:001", "seed:002"}},
				{"Typically from ~100–500 staff; under ~50, break-fix IT or a managed service provider is usually enough.", []string{"sevenroots", "itserviceseugene"}},
			},
		},
		{
			ID: "vcto", Title: "Virtual CTO (vCTO, fractional)", Fractional: true, Counterpart: "cto",
			Summary: "A part-time or contracted CTO: a CTO's judgement on strategy, architecture and the engineering team without a full-time hire.",
			Focus: []Point{
				{"The CTO's focus, a few days a month: technology strategy and products.", []string{"seed:002"}},
			},
			Responsibilities: []Point{
				{"Technology strategy for customer-facing products; evaluating emerging technologies.", []string{"seed:002"}},
				{"Working with R&D and product development teams, part-time.", []string{"seed:002"}},
			},
			ReportsTo: []Point{
				{"The CEO or COO, as a CTO would.", []string{"seed:001"}},
			},
			Skills: []Point{
				{"A CTO's, from someone who serves several organisations: \"top-tier expertise without the overhead of full-time hires\".", []string{"seed:002"}},
			},
			Background: []Point{
				{"Experienced CTOs and engineering leaders working for several companies.", []string{"seed:002"}},
			},
			Cost: []Point{
				{"About $3–15k a month (a vendor's range).", []string{"dancumberlandlabs"}},
			},
			FitsWhen: []Point{
				{"3–5 engineers: consider a fractional CTO; under 3 is too early for a CTO hire.", []string{"fractionalctoexperts"}},
				{"Revenue of about $2–10M or $2–20M, where a full-time CTO costs too much (vendors' ranges).", []string{"nerolisystems", "watershedcxo"}},
				{"No technical co-founder: one with production engineering experience already acts as the CTO.", []string{"vergetechnologies"}},
			},
		},
		{
			ID: "vcio", Title: "Virtual CIO (vCIO, fractional)", Fractional: true, Counterpart: "cio",
			Summary: "A part-time or contracted CIO: direction for internal IT, security and compliance without a full-time executive.",
			Focus: []Point{
				{"The CIO's focus, a few days a month: internal systems, security and IT governance.", []string{"seed:002"}},
			},
			Responsibilities: []Point{
				{"IT strategy aligned with the business; data security and compliance; internal systems such as ERP and CRM.", []string{"seed:002"}},
				{"Managing tech support and internal services, whoever delivers them.", []string{"seed:002"}},
			},
			ReportsTo: []Point{
				{"The CEO, COO or CFO, as a CIO would.", []string{"seed:001"}},
			},
			Skills: []Point{
				{"A CIO's, from someone who serves several organisations: \"top-tier expertise without the overhead of full-time hires\".", []string{"seed:002"}},
			},
			Background: []Point{
				{"Experienced CIOs and IT directors working for several organisations.", []string{"seed:002"}},
			},
			Cost: []Point{
				{"Part-time fees instead of a $150–300k salary (a vendor's range for a full-time CIO).", []string{"inscnet"}},
			},
			FitsWhen: []Point{
				{"About 50–200 staff (a vendor's target); also claimed for $50–500M firms of 200–2,000 staff.", []string{"ciozero"}},
				{"Growing SMEs that need internal IT direction but not a full-time executive.", []string{"seed:002"}},
			},
		},
	}
}

// RoleGuideDisputes lists where the sources disagree about the roles.
func RoleGuideDisputes() []GuideDispute {
	return []GuideDispute{
		{"Who sets technology strategy", []Point{
			{"The CTO owns the long-term vision; the CIO runs day-to-day operations.", []string{"seed:000", "seed:001"}},
			{"The CIO sets the strategy and the CTO executes it.", []string{"seed:003"}},
			{"The CIO is \"the Strategic IT Leader\" for internal IT.", []string{"seed:002"}},
		}},
		{"Security and compliance", []Point{
			{"The CIO's job.", []string{"seed:001", "seed:002"}},
			{"The CTO's job.", []string{"seed:003"}},
		}},
		{"The IT team, infrastructure, vendors and integration", []Point{
			{"The CIO's job.", []string{"seed:000", "seed:001", "seed:002"}},
			{"The CTO's job.", []string{"seed:003"}},
		}},
		{"Who reports to whom", []Point{
			{"Software companies: the CTO leads and reports to the CEO or COO.", []string{"seed:001"}},
			{"A CIO-led model: the CIO sets the strategic vision and the CTO informs the CEO and the CIO.", []string{"seed:003"}},
		}},
	}
}
