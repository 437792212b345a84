#!/bin/sh
# Nothing writes over the database (SPEC 2.1): an output file (-o/--out,
# --rejects, hak backup's FILE) that is the database, its -wal or -shm
# file, or another name for one of them is refused with 73, and nothing
# is touched: the database unchanged, no temporary file left.
. "$HAK_TOP/tests/lib.sh"
export HAK_DB=hak.db
hak init 2>/dev/null
cat >s.csv <<EOF2
code,name,level
S1,가람초등학교,elementary
S2,나래중학교,middle
EOF2
hak-school import s.csv >/dev/null 2>&1
printf 'code,name,level\nS3,,high\nS4,다솜고등학교,high\n' >bad.csv
ln -s hak.db sym.db
ln hak.db hard.db
ln -s hak.db-wal sym.wal
mkdir sub
cp hak.db before.db
ls -A | grep -Ev "^(files.*|out|err)$" >files.before

# refused WHAT FILE CMD...: the run is refused, names the
# database file, and leaves the database and the directory as they were.
refused() {
	_what=$1 _file=$2; shift 2
	fails "$_what" 73 "" "$@"
	ok "$_what: says why" err_has "it is the database file '$_file'"
	ok "$_what: stdout empty" out_empty
	ok "$_what: database unchanged" same hak.db before.db
	ls -A | grep -Ev "^(files.*|out|err)$" >files.after
	ok "$_what: no file made or removed" same files.before files.after
	diff files.before files.after | sed "s/^/#   /"
	ok "$_what: still a database" [ "$(sqlite3 hak.db 'SELECT count(*) FROM schools')" = 2 ]
}

refused "--rejects is the database" hak.db \
	hak-school import bad.csv --skip-invalid --rejects hak.db
refused "--rejects with --dry-run" hak.db \
	hak-school import bad.csv --skip-invalid --dry-run --rejects hak.db
refused "-o is the database" hak.db hak-school export -o hak.db
refused "--out=FILE is the database" hak.db hak-school list --out=hak.db
refused "-o ./hak.db for hak.db" hak.db hak-school export -o ./hak.db
refused "-o sub/../hak.db" hak.db hak-school export -o sub/../hak.db
refused "-o is the -wal file (not there yet)" hak.db-wal \
	hak-school export -o hak.db-wal
refused "-o is the -shm file" hak.db-shm hak-school export -o hak.db-shm
refused "-o is a symbolic link to the database" hak.db \
	hak-school export -o sym.db
refused "-o is a hard link to the database" hak.db \
	hak-school export -o hard.db
refused "-o is a link to the -wal file" hak.db-wal \
	hak-school export -o sym.wal
refused "-o by absolute path" hak.db hak-school export -o "$T/hak.db"
refused "--db by another name" "$T/./hak.db" \
	hak-school export --db "$T/./hak.db" -o hak.db
refused "show -o is the database" hak.db hak-project show P1 -o hak.db
refused "backup onto the database" hak.db hak backup --force hak.db
refused "backup onto a link to it" hak.db hak backup --force hard.db
refused "backup onto the -wal file" hak.db-wal hak backup hak.db-wal

# Other names still work.
succeeds "-o elsewhere" hak-school export -o other.csv
ok "-o elsewhere: written" grep -q '^S1,' other.csv
expect "--rejects elsewhere" 0 hak-school import bad.csv --skip-invalid --rejects rej.csv
ok "--rejects elsewhere: summary on stdout, row on stderr" streams 0 "^1 new, 0 already present, 1 rejected$" "^bad.csv:2: name: missing"
ok "--rejects elsewhere: written" grep -q '^S3,' rej.csv
succeeds "-o hak.db.csv is not the database" hak-school export -o hak.db.csv
succeeds "backup elsewhere" hak backup b.db
done_testing
