#!/bin/sh
# hak config (SPEC 2.2, 6.1): the effective settings, which file and which
# database they came from, the order in which the file is found, the
# ./hakjibon.yaml safety rule, and the warning when file and database differ.
. "$HAK_TOP/tests/lib.sh"

line1() { sed -n 1p "$T/out"; }
line2() { sed -n 2p "$T/out"; }

# Built-in default, no database: needs none, says so.
succeeds "config without file or database" hak config
ok "built-in default named" [ "$(line1)" = "# config: (built-in default)" ]
ok "no database: run hak init" [ "$(line2)" = "# database: ./hakjibon.db (does not exist; run 'hak init')" ]
ok "no database created" [ ! -e hakjibon.db ]
ok "default office" out_has '^office: "School Support Headquarters"$'
ok "default zone" out_has '^timezone: "Asia/Seoul"$'
ok "default language en" out_has '^lang: "en"$'
ok "default school year start" out_has '^school_year_start: "03-01"$'
ok "default min_group 5" out_has '^min_group: 5$'
ok "default SLA" out_has '^sla: {urgent: 1, high: 3, normal: 5, low: 10}$'
for d in EDU ADM MED FAC; do
	ok "default department $d" out_has "^  - code: \"$d\"$"
done
for c in curriculum teacher-support student-welfare admin-task \
    budget-accounting hr-payroll conflict-mediation school-violence \
    facility-repair safety-inspection it-equipment; do
	ok "default category $c" out_has "^  - code: \"$c\"$"
done
ok "this year's holidays: 2026-09-25 (추석)" out_has '^  - 2026-09-25$'
fails "config takes no operands" 2 "" hak config extra

# An explicit file: its values, its database.
cat >o.yaml <<EOY
office: 테스트 지원청
database: $T/o.db
lang: ko
min_group: 7
departments:
  - code: EDU
    name: 교육지원부
    centers: [학습지원센터]
categories:
  - {code: repair, name: 시설 보수, department: FAC, sla_days: 4}
EOY
succeeds "--config FILE" hak config --config o.yaml
ok "names the file" [ "$(line1)" = "# config: o.yaml" ]
ok "database from the file" [ "$(line2)" = "# database: $T/o.db (does not exist; run 'hak init')" ]
ok "office from the file" out_has '^office: "테스트 지원청"$'
ok "min_group from the file" out_has '^min_group: 7$'
ok "departments merge: EDU renamed" out_has '^    name: "교육지원부"$'
ok "departments merge: EDU centers" out_has '^    centers: \["학습지원센터"\]$'
ok "departments merge: FAC still there" out_has '^  - code: "FAC"$'
ok "categories replace the defaults" sh -c "! grep -q curriculum '$T/out'"
ok "categories: repair" out_has '^  - code: "repair"$'
HAK_CONFIG=$T/o.yaml expect "HAK_CONFIG" 0 hak config
ok "HAK_CONFIG names the file" [ "$(line1)" = "# config: $T/o.yaml" ]
echo 'office: other' >other.yaml
HAK_CONFIG=$T/o.yaml expect "--config beats HAK_CONFIG" 0 hak config --config other.yaml
ok "--config beats HAK_CONFIG: file" [ "$(line1)" = "# config: other.yaml" ]
succeeds "--db beats the config's database" hak config --config o.yaml --db x.db
ok "--db named" [ "$(line2)" = "# database: x.db (does not exist; run 'hak init')" ]
fails "missing --config file" 66 "" hak config --config nonexistent.yaml

# The search order: ./hakjibon.yaml, $XDG_CONFIG_HOME, ~/.config.
mkdir -p xdg/hakjibon .config/hakjibon
echo 'office: xdg' >xdg/hakjibon/config.yaml
echo 'office: home' >.config/hakjibon/config.yaml
succeeds "~/.config/hakjibon/config.yaml" hak config
ok "home config used" [ "$(line1)" = "# config: $T/.config/hakjibon/config.yaml" ]
XDG_CONFIG_HOME=$T/xdg expect "XDG_CONFIG_HOME" 0 hak config
ok "XDG config used" [ "$(line1)" = "# config: $T/xdg/hakjibon/config.yaml" ]
echo 'office: here' >hakjibon.yaml
chmod 644 hakjibon.yaml
XDG_CONFIG_HOME=$T/xdg expect "./hakjibon.yaml first" 0 hak config
ok "./hakjibon.yaml used" [ "$(line1)" = "# config: ./hakjibon.yaml" ]
ok "./hakjibon.yaml: office" out_has '^office: "here"$'
chmod 664 hakjibon.yaml
XDG_CONFIG_HOME=$T/xdg expect "group-writable ./hakjibon.yaml" 0 hak config
ok "group-writable: ignored" [ "$(line1)" = "# config: $T/xdg/hakjibon/config.yaml" ]
ok "group-writable: warned" err_has "^hak: warning: ignoring './hakjibon.yaml'"
chmod 646 hakjibon.yaml
XDG_CONFIG_HOME=$T/xdg expect "world-writable ./hakjibon.yaml" 0 hak config
ok "world-writable: ignored" [ "$(line1)" = "# config: $T/xdg/hakjibon/config.yaml" ]
rm -f hakjibon.yaml
rm -rf xdg .config

# Bad files: FILE:LINE:COLUMN and 78.
printf 'office: X\nmin_group: many\n' >bad.yaml
fails "wrong type" 78 "" hak config --config bad.yaml
ok "wrong type: FILE:LINE:COLUMN" err_has "^hak: bad.yaml:2:[0-9][0-9]*: "
printf 'office: [unclosed\n' >syn.yaml
fails "YAML syntax error" 78 "" hak config --config syn.yaml
ok "syntax error: FILE:LINE:COLUMN" err_has "^hak: syn.yaml:[0-9][0-9]*:[0-9][0-9]*: "

# In sync, then differing: hak config says which.
hak init --config o.yaml 2>/dev/null
succeeds "in sync" hak config --config o.yaml
ok "in sync: said" [ "$(line2)" = "# database: $T/o.db (in sync)" ]
sed 's/^min_group: 7/min_group: 9/' o.yaml >o2.yaml
succeeds "differs" hak config --config o2.yaml
ok "differs: said" [ "$(line2)" = "# database: $T/o.db (differs from the config file; run 'hak init')" ]
ok "shows the file's value" out_has '^min_group: 9$'
done_testing
