# Shell helpers for the seeded bugs (docs/BUGS.md): each is
# tests/bugs/<name>.patch, a header of "key: value" lines, then a unified
# diff against src/core/core_ref.c.  `make bugs` applies them into
# $OUT/bugs/<name>.c.  Sourced by the kill, prove and triage tests.

# bug_names: every seeded bug, space separated, sorted.
bug_names() {
	local f names=()
	for f in tests/bugs/*.patch; do
		[ -e "$f" ] || continue
		f=${f##*/}
		names+=("${f%.patch}")
	done
	echo "${names[*]}"
}

# bug_field NAME KEY: a header field of tests/bugs/NAME.patch ("" if none).
bug_field() {
	sed -n "/^--- /q; s/^$2: *//p" "tests/bugs/$1.patch" 2>/dev/null | head -n 1
}

# bug_expect NAME: the invariant ID that must catch the bug.
bug_expect() { bug_field "$1" expect; }
