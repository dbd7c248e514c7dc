package page

// Tactic is a column of the DISARM red framework.
type Tactic struct {
	ID, Name, Phase string
}

// tactics lists the DISARM red framework's tactics in matrix order: by
// phase (plan, prepare, execute, assess), then by id. Ids and names are
// the framework's; see https://github.com/DISARMFoundation/DISARMframeworks.
var tactics = []Tactic{
	{"TA01", "Plan Strategy", "plan"}, {"TA02", "Plan Objectives", "plan"}, {"TA13", "Target Audience Analysis", "plan"},
	{"TA05", "Microtarget", "prepare"}, {"TA06", "Develop Content", "prepare"}, {"TA07", "Select Channels and Affordances", "prepare"},
	{"TA14", "Develop Narratives", "prepare"}, {"TA15", "Establish Assets", "prepare"}, {"TA16", "Establish Legitimacy", "prepare"},
	{"TA08", "Conduct Pump Priming", "execute"}, {"TA09", "Deliver Content", "execute"}, {"TA10", "Drive Offline Activity", "execute"},
	{"TA11", "Persist in the Information Environment", "execute"}, {"TA17", "Maximise Exposure", "execute"},
	{"TA18", "Drive Online Harms", "execute"}, {"TA12", "Assess Effectiveness", "assess"},
}
