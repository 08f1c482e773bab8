package ui

import (
	"cmp"
	"strings"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"

	"chatkeys/authflow/config"
)

// What the tables keep of a profile: the sort chosen for each, saved in
// the profile's file and restored when the profile is opened, and the
// auto-refresh its refresh setting starts.

// autoRefreshEvery is R's auto-refresh interval for a profile without a
// refresh setting: two lists every 30 s is a small share of the
// account's rate limit.
const autoRefreshEvery = 30 * time.Second

// autoRefresh is the tables' auto-refresh, one for both: R on either
// table turns it on or off, each tick reloads both lists, and both
// summaries say it runs.
type autoRefresh struct {
	on bool
	// gen counts the turns on and off, so a tick from an earlier run
	// does nothing.
	gen int
	// every is the profile's interval; zero for autoRefreshEvery.
	every time.Duration
	// pending is set while the profile's refresh setting waits for the
	// first load that succeeds to start it.
	pending bool
}

// interval is how often a reload runs while the auto-refresh is on.
func (r *autoRefresh) interval() time.Duration { return cmp.Or(r.every, autoRefreshEvery) }

// label is the interval as the summary and the status line say it:
// "30s", "1m30s", "2m", "1h".
func (r *autoRefresh) label() string {
	d := r.interval().String()
	if strings.HasSuffix(d, "m0s") {
		d = strings.TrimSuffix(d, "0s")
	}
	if strings.HasSuffix(d, "h0m") {
		d = strings.TrimSuffix(d, "0m")
	}
	return d
}

// toggle turns the auto-refresh on or off.
func (r *autoRefresh) toggle() {
	r.on, r.pending = !r.on, false
	r.gen++
}

// follow takes the profile's setting, for a session just opened: with
// one it starts at the first load, without it stays off until R.
func (r *autoRefresh) follow(sess *Session) {
	r.on, r.every, r.pending = false, sess.Refresh, sess.Refresh > 0
	r.gen++
}

// sortSaves puts the tables' sorts into the profile's file. A save's
// command may run after a later one's, which then wins: each table's
// last save is what stays. A failing save says so once, not at each key,
// until one succeeds.
type sortSaves struct {
	asked int // the saves asked for, counted in Update
	// mu guards what the commands share.
	mu      sync.Mutex
	made    map[string]int // per profile and table, the newest save made
	lastErr string
}

// save is the command that saves s as table's sort for sess's profile,
// nil when the session has nowhere to save it.
func (ss *sortSaves) save(sess *Session, table string, s config.TableSort) tea.Cmd {
	save := sess.SaveSort
	if save == nil {
		return nil
	}
	ss.asked++
	n, key := ss.asked, sess.Profile+"\x00"+table
	return func() tea.Msg {
		ss.mu.Lock()
		defer ss.mu.Unlock()
		if ss.made[key] > n {
			return nil // a later choice is saved already
		}
		if ss.made == nil {
			ss.made = map[string]int{}
		}
		ss.made[key] = n
		err := save(table, s)
		switch {
		case err == nil:
			ss.lastErr = ""
		case err.Error() != ss.lastErr:
			ss.lastErr = err.Error()
			return statusMsg{err: err}
		}
		return nil
	}
}

// savedSort is the table's sort as the profile's file keeps it: the sorted
// column's title and direction, or no sort.
func (l *listScreen[T]) savedSort() config.TableSort {
	if l.sort.col < 0 || l.sort.col >= len(l.table.columns) {
		return config.TableSort{}
	}
	return config.TableSort{Column: l.table.columns[l.sort.col].title, Desc: l.sort.desc}
}

// restoreSort takes the sort saved for the table in the session's
// profile, none when there is none or its column is gone or does not
// sort. The owner applies it to the rows (applyFilter).
func (l *listScreen[T]) restoreSort() {
	l.sort.col, l.sort.desc, l.sort.order = -1, false, nil
	saved := l.c.sess.Sorts[l.noun]
	for i, col := range l.table.columns {
		if saved.Column != "" && col.title == saved.Column && l.owner.sortKey(i) != nil {
			l.sort.col, l.sort.desc = i, saved.Desc
			break
		}
	}
	l.table.sortCol, l.table.sortDesc = l.sort.col, l.sort.desc
}

// profileTable is a tab's table, which follows the profile's sort.
type profileTable interface {
	restoreSort()
	applyFilter()
}

// followProfile gives the tables the sorts and auto-refresh of the
// session's profile, for a profile just switched to.
func (a *App) followProfile() {
	a.c.auto.follow(a.c.sess)
	for _, t := range []tab{tabClients, tabTokens} {
		if pt, ok := a.stacks[t][0].(profileTable); ok {
			pt.restoreSort()
			pt.applyFilter()
		}
	}
}
