package ui

// rowAt is the row drawn y lines below the table's top (its header is
// line 0), or false when no row is drawn there.
func (t *listTable) rowAt(y int) (int, bool) {
	row := t.offset + y - 1
	if y < 1 || y > t.visibleRows() || row >= t.n {
		return 0, false
	}
	return row, true
}

// clickRow puts the cursor on the row drawn y lines below the screen's
// top. again reports that the row clicked already had the cursor: a
// second click opens it.
func (l *listScreen[T]) clickRow(y int) (row int, again, ok bool) {
	if !l.loaded || len(l.visible) == 0 {
		return 0, false, false
	}
	row, ok = l.table.rowAt(y - len(l.owner.topLines()))
	if !ok {
		return 0, false, false
	}
	again = row == l.table.Cursor()
	l.table.SetCursor(row)
	return row, again, true
}
