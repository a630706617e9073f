package legacy

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"
)

// WriteSummary prints an import's result for the operator: one line per service (imported,
// already there, skipped, first and last time), the totals, every skipped row (up to
// maxListed per service, then how many more), and the notes.
func WriteSummary(out io.Writer, r Result, maxListed int) error {
	w := new(bytes.Buffer)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	imported := "IMPORTED"
	if r.DryRun {
		imported = "TO IMPORT"
	}
	fmt.Fprintf(tw, "SERVICE\t%s\tALREADY THERE\tSKIPPED\tFIRST\tLAST\n", imported)
	for _, s := range r.Services {
		n, present := strconv.Itoa(s.Imported), strconv.Itoa(s.Present())
		if r.DryRun {
			n, present = strconv.Itoa(s.Mapped), "-"
		}
		first, last := "-", "-"
		if s.Mapped > 0 {
			first, last = formatTime(s.First), formatTime(s.Last)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", Printable(s.Service), n, present, len(s.Skipped), first, last)
	}
	mapped, imp, skipped := r.Totals()
	if r.DryRun {
		fmt.Fprintf(tw, "total\t%d\t-\t%d\n", mapped, skipped)
	} else {
		fmt.Fprintf(tw, "total\t%d\t%d\t%d\n", imp, mapped-imp, skipped)
	}
	tw.Flush() // writes to a buffer, cannot fail
	switch {
	case r.DryRun:
		fmt.Fprintf(w, "\nDry run: nothing was written. %s of %s would be offered to the database.\n",
			plural(mapped, "check-in"), plural(len(r.Services), "service"))
	case imp == 0 && mapped == 1:
		fmt.Fprintf(w, "\nNothing new: the one check-in was already imported.\n")
	case imp == 0 && mapped > 0:
		fmt.Fprintf(w, "\nNothing new: all %d check-ins were already imported.\n", mapped)
	default:
		fmt.Fprintf(w, "\nImported %s of %s.\n", plural(imp, "check-in"), plural(len(r.Services), "service"))
	}
	if skipped > 0 {
		fmt.Fprintf(w, "\nNot imported (%s):\n", plural(skipped, "row"))
		for _, s := range r.Services {
			for i, k := range s.Skipped {
				if maxListed > 0 && i == maxListed {
					fmt.Fprintf(w, "  %s: %d more not shown\n", Printable(s.Service), len(s.Skipped)-i)
					break
				}
				fmt.Fprintf(w, "  %s at %s, status %s: %s\n", Printable(k.Service), k.Timestamp, k.Status, Printable(k.Reason))
			}
		}
	}
	if len(r.Notes) > 0 {
		fmt.Fprintln(w, "\nNotes:")
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  %s\n", Printable(n))
		}
	}
	_, err := out.Write(w.Bytes())
	return err
}

// plural writes "1 row", "2 rows".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Printable is text from the older gateway's files as it may reach a terminal: unchanged when
// every character is printable, else quoted with Go escapes, so that a name holding a line
// break, an escape sequence or a bidi override cannot forge lines of the listing or drive
// the operator's terminal.
func Printable(s string) string {
	if utf8.ValidString(s) && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) }) < 0 {
		return s
	}
	return strconv.Quote(s)
}
