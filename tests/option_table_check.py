"""What the two option-table tests (option_table_test.py, serve_option_table_test.py) share: a
man page section's text, and the check itself -- the options read from --help are enough to be
real, the man page lists exactly them, and the comparison notices a planted drift."""


def section(man_text, title):
    """The text of the man page's section `.SH TITLE` up to the next one, `\\-` read as `-`."""
    return man_text.split(f"\n.SH {title}\n", 1)[1].split("\n.SH ", 1)[0].replace("\\-", "-")


def run(what, table, man, differences, drifts):
    """Prints each of differences(table, man) (a list of mismatches, empty when they agree) as a
    failure, then checks that each (name, planted) in `drifts`, `man` with one option lost or
    changed, differs from `man` and gives a mismatch. `table` must hold at least 20 options (a
    --help that could not be read fails). Returns the exit status."""
    failures = 0
    if len(table) < 20:
        print(f"FAIL: only {len(table)} options read from {what}: {sorted(table)}")
        failures += 1
    for d in differences(table, man):
        print("FAIL:", d)
        failures += 1
    print(f"{len(table)} options in {what}")
    for name, planted in drifts:
        if planted == man or not differences(table, planted):
            print(f"FAIL: the comparison misses {name}")
            failures += 1
    print("ok" if failures == 0 else f"{failures} failures")
    return 1 if failures else 0
