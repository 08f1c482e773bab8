package ui

import (
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"chatkeys/ui/format"
)

// listScreen is what the Clients and Tokens tables share: the rows as
// loaded, the indices of those that pass the filters, the "/" filter, the
// table, the state of the last load, the keys that move and filter, and
// the view that says why a table has no rows. The screen that embeds it
// is its owner.
type listScreen[T any] struct {
	passive
	owned
	c     *common
	owner listOwner
	noun  string // what the rows are, plural: "clients"
	all   []T
	// visible are the indices into all that pass the filters. A slice
	// once set is never written again, so the filter's memo shares it.
	visible   []int
	filter    filterBar
	table     *listTable
	loading   bool
	loaded    bool
	loggedOut bool  // no token: the table says how to log in
	loadErr   error // the last load failed: the table says so
	memo      filterMemo
	sort      tableSort
	// fetched is when the rows last came whole; zero before.
	fetched time.Time
}

// autoRefreshMsg is the auto-refresh's tick, for the screen that started
// it.
type autoRefreshMsg struct {
	reply
	gen int
}

// filterMemo keeps the visible rows of the last few "/" queries over the
// same rows and other filters, so that a key that extends the query
// searches only the rows that matched before it, and backspace goes back
// to an earlier answer at once.
type filterMemo struct {
	rows  int    // len(all) when the steps were made
	first any    // &all[0] then, so a new list is told from the old
	key   string // the screen's other filters then
	steps []filterStep
	// every is each row in order, the answer when nothing filters.
	every []int
	// parts are a long scan's buffers, one per CPU, kept for the next.
	parts [][]int
}

// filterStep is one query and the rows it kept, each query extending the
// one before it.
type filterStep struct {
	query   string
	visible []int
}

// maxFilterSteps bounds the memo: each step holds a list of rows.
const maxFilterSteps = 8

// listOwner is what a listScreen asks of the screen that embeds it.
type listOwner interface {
	// applyFilter recomputes the visible rows after a filter changed.
	applyFilter()
	// clearFilters drops the filters the screen has besides "/".
	clearFilters()
	// topLines are the lines drawn above the table.
	topLines() []string
	// sortKey is the sort key of each row for column col, or nil when
	// the column does not sort.
	sortKey(col int) func(row int) uint64
}

func newListScreen[T any](c *common, owner listOwner, noun string, cols ...column) listScreen[T] {
	return listScreen[T]{owned: c.own(), c: c, owner: owner, noun: noun, filter: newFilterBar(c),
		table: newListTable(cols...), loading: true, sort: tableSort{col: -1}}
}

// Capturing is true while the filter has the keyboard.
func (l *listScreen[T]) Capturing() bool { return l.filter.Active() }

// settle records a load's outcome and reports whether the list came; a
// failure other than not being logged in goes to the status line too.
// The first list that comes starts the profile's auto-refresh.
func (l *listScreen[T]) settle(err error) (bool, tea.Cmd) {
	l.loading = false
	l.loggedOut = errors.Is(err, errNoClient)
	l.loadErr = err
	switch {
	case err == nil:
		l.loaded = true
		l.fetched = l.c.now()
		if l.c.auto.pending {
			l.c.auto.toggle()
			return true, l.autoTick()
		}
		return true, nil
	case l.loggedOut:
		return false, nil
	}
	return false, reportErr(err)
}

// keep recomputes the visible rows, in the sort's order: those for which
// match, given the filter's plain words, is true (match nil: every row). match
// may run on several goroutines at once. key names the screen's other
// filters and what the sort keys depend on: with the same rows, key and
// sort, a query that extends an earlier one is matched only against the
// rows that one kept (every word of the longer query holds a word of the
// shorter), and a query seen before is answered from memory.
func (l *listScreen[T]) keep(key string, words []string, match func(i int, words []string) bool) {
	q := strings.Join(words, " ")
	m := &l.memo
	var first any
	if len(l.all) > 0 {
		first = &l.all[0]
	}
	order := l.sort.orderOf(len(l.all), first, key, l.owner.sortKey)
	l.table.sortCol, l.table.sortDesc = l.sort.col, l.sort.desc
	key += "\x00" + l.sort.state()
	if m.rows != len(l.all) || m.first != first || m.key != key {
		*m = filterMemo{rows: len(l.all), first: first, key: key}
	}
	from := order // nil: every row, in the order they came
	for len(m.steps) > 0 {
		last := m.steps[len(m.steps)-1]
		if last.query == q {
			l.visible = last.visible
			l.table.SetLen(len(l.visible))
			return
		}
		if strings.HasPrefix(q, last.query) {
			from = last.visible
			break
		}
		m.steps = m.steps[:len(m.steps)-1]
	}
	switch {
	case match == nil && order != nil:
		l.visible = order
	case match == nil:
		if len(m.every) != len(l.all) {
			m.every = make([]int, len(l.all))
			for i := range m.every {
				m.every[i] = i
			}
		}
		l.visible = m.every
	default:
		l.visible = m.scan(len(l.all), from, match, words)
	}
	if q != "" {
		if len(m.steps) == maxFilterSteps {
			m.steps = append(m.steps[:0], m.steps[1:]...)
		}
		m.steps = append(m.steps, filterStep{query: q, visible: l.visible})
	}
	l.table.SetLen(len(l.visible))
}

// parallelRows is the number of rows above which a scan is split across
// the CPUs.
const parallelRows = 50_000

// scan returns, in order, the rows that match keeps: of the rows in from,
// or of all rows below n when from is nil. A long scan is split across
// the CPUs, each part collected in a buffer kept for the next scan and
// joined in order, so a keystroke over a million rows stays within a
// frame.
func (m *filterMemo) scan(n int, from []int, match func(i int, words []string) bool, words []string) []int {
	if from != nil {
		n = len(from)
	}
	part := func(got []int, lo, hi int) []int {
		if from != nil {
			for _, i := range from[lo:hi] {
				if match(i, words) {
					got = append(got, i)
				}
			}
			return got
		}
		for i := lo; i < hi; i++ {
			if match(i, words) {
				got = append(got, i)
			}
		}
		return got
	}
	parts := min(runtime.GOMAXPROCS(0), max(n/parallelRows, 1))
	if parts == 1 {
		return slices.Clip(part(nil, 0, n))
	}
	for len(m.parts) < parts {
		m.parts = append(m.parts, nil)
	}
	var wg sync.WaitGroup
	for p := range parts {
		wg.Go(func() {
			lo, hi := n*p/parts, n*(p+1)/parts
			m.parts[p] = part(m.parts[p][:0], lo, hi)
		})
	}
	wg.Wait()
	total := 0
	for _, got := range m.parts[:parts] {
		total += len(got)
	}
	out := make([]int, 0, total)
	for _, got := range m.parts[:parts] {
		out = append(out, got...)
	}
	return out
}

// selectedIndex is the index in all of the row under the cursor, or -1.
func (l *listScreen[T]) selectedIndex() int {
	if i := l.table.Cursor(); i >= 0 && i < len(l.visible) && l.visible[i] < len(l.all) {
		return l.visible[i]
	}
	return -1
}

// cursorTo puts the cursor on the row at index at of all when it is
// visible. It looks for the index among the visible rows' indices, which
// lie together in memory, rather than reading each visible row: at a
// million rows that is a millisecond, not ten.
func (l *listScreen[T]) cursorTo(at int) {
	if at < 0 {
		return
	}
	if row := slices.Index(l.visible, at); row >= 0 {
		l.table.SetCursor(row)
	}
}

// selected is the row under the cursor, or nil.
func (l *listScreen[T]) selected() *T {
	if i := l.table.Cursor(); i >= 0 && i < len(l.visible) && l.visible[i] < len(l.all) {
		return &l.all[l.visible[i]]
	}
	return nil
}

// handleKey takes the keys both tables share: an active filter takes every
// key, then come the table's movement keys, then filter, clear and reload.
// It reports whether the key was one of them.
func (l *listScreen[T]) handleKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	if l.filter.Active() {
		changed, cmd := l.filter.HandleKey(msg)
		if changed {
			l.owner.applyFilter()
		}
		return cmd, true
	}
	lk := l.c.keys.List
	if l.table.HandleKey(lk, msg) {
		return nil, true
	}
	switch {
	case key.Matches(msg, lk.Filter):
		return l.filter.Start(), true
	case key.Matches(msg, lk.ClearFilter):
		l.filter.Clear()
		l.owner.clearFilters()
		l.owner.applyFilter()
		return nil, true
	case key.Matches(msg, lk.Reload):
		return l.reload(), true
	case key.Matches(msg, lk.AutoRefresh):
		l.c.auto.toggle()
		if !l.c.auto.on {
			return info("Auto-refresh off."), true
		}
		return tea.Batch(info("Auto-refresh every "+l.c.auto.label()+"."), l.autoTick()), true
	case key.Matches(msg, lk.Sort):
		l.sort.next(len(l.table.columns), l.owner.sortKey)
		l.owner.applyFilter()
		return l.c.sortSaves.save(l.c.sess, l.noun, l.savedSort()), true
	case key.Matches(msg, lk.SortReverse):
		l.sort.reverse(len(l.table.columns), l.owner.sortKey)
		l.owner.applyFilter()
		return l.c.sortSaves.save(l.c.sess, l.noun, l.savedSort()), true
	case key.Matches(msg, lk.Columns):
		titles := make([]string, len(l.table.columns))
		for i, c := range l.table.columns {
			titles[i] = c.title
		}
		return openDialog(newColumnsDialog(l.c, l.id, titles, l.table.hidden)), true
	case key.Matches(msg, lk.Wide):
		l.table.setWide(!l.table.wide)
		return nil, true
	}
	return nil, false
}

// reload loads both lists again, unless a load is under way.
func (l *listScreen[T]) reload() tea.Cmd {
	if l.loading {
		return nil
	}
	l.loading = true
	return tea.Batch(loadClients(l.c), loadTokens(l.c))
}

// autoTick waits for the next auto-refresh, for this screen to run.
func (l *listScreen[T]) autoTick() tea.Cmd {
	gen, to := l.c.auto.gen, l.id
	return tea.Tick(l.c.auto.interval(), func(time.Time) tea.Msg { return autoRefreshMsg{reply: reply{to}, gen: gen} })
}

// handleListMsg takes the messages both tables answer alike: the
// columns picked, the auto-refresh's tick (a reload, none while one
// runs, and the next tick). It reports whether msg was one.
func (l *listScreen[T]) handleListMsg(msg tea.Msg) (tea.Cmd, bool) {
	switch m := msg.(type) {
	case columnsChosenMsg:
		l.table.setHidden(m.hidden)
		return nil, true
	case autoRefreshMsg:
		if !l.c.auto.on || m.gen != l.c.auto.gen {
			return nil, true
		}
		return tea.Batch(l.reload(), l.autoTick()), true
	}
	return nil, false
}

// freshness says how old the rows are and whether a reload runs, for the
// summary line.
func (l *listScreen[T]) freshness() string {
	var parts []string
	if l.loading && l.loaded {
		parts = append(parts, "reloading…")
	}
	if !l.fetched.IsZero() {
		parts = append(parts, "updated "+format.Ago(&l.fetched, l.c.now()))
	}
	if l.c.auto.on {
		parts = append(parts, "auto-refresh "+l.c.auto.label())
	}
	if len(parts) == 0 {
		return ""
	}
	return " · " + strings.Join(parts, " · ")
}

// paste types pasted text into an active filter.
func (l *listScreen[T]) paste(msg tea.PasteMsg) {
	if l.filter.Active() && l.filter.HandlePaste(msg) {
		l.owner.applyFilter()
	}
}

// SetSize fits the lines above the table, the table and the summary line
// into width×height.
func (l *listScreen[T]) SetSize(width, height int) {
	l.filter.SetWidth(width)
	l.table.SetSize(width, height-len(l.owner.topLines())-1)
}

// filterLine is the "/" filter's line when it is in use.
func (l *listScreen[T]) filterLine() []string {
	if f := l.filter.View(); f != "" {
		return []string{f}
	}
	return nil
}

// view draws the owner's top lines, the table's body at its height, and
// summary under it. Without rows the body says why: not logged in, the
// load failed, still loading, or nothing to show (then empty says what
// to do).
func (l *listScreen[T]) view(cell func(row, col int) string, style rowStyler, empty, summary string) string {
	st := l.c.styles
	var body string
	switch {
	case l.loggedOut:
		body = st.Text.Muted.Render("Not logged in. Press 3 to log in.")
	case l.loadErr != nil && !l.loaded:
		body = st.Text.Muted.Render("Could not load the " + l.noun + ". Press r to try again.")
	case l.loading && !l.loaded:
		body = st.Text.Muted.Render("Loading " + l.noun + "…")
	case len(l.visible) == 0 && l.loaded:
		body = l.table.Render(st, nil, nil) + "\n" + st.Text.Muted.Render(empty)
	default:
		body = l.table.Render(st, cell, style)
	}
	h := l.table.height
	return strings.Join(append(l.owner.topLines(), lipgloss.NewStyle().Height(h).MaxHeight(h).Render(body), summary), "\n")
}

// moveKeys are the table's movement keys, for the full help.
func (l *listScreen[T]) moveKeys() []key.Binding {
	lk := l.c.keys.List
	return []key.Binding{lk.Up, lk.Down, lk.Top, lk.Bottom, lk.PageUp, lk.PageDown}
}

// steerKeys are the keys that shape a table, for the full help.
func (l *listScreen[T]) steerKeys() []key.Binding {
	lk := l.c.keys.List
	return []key.Binding{lk.Sort, lk.SortReverse, lk.Columns, lk.Wide, lk.AutoRefresh}
}
