/* SPDX-License-Identifier: MIT */
/* hak: the dispatcher and the administration commands (SPEC 5.1). */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hak/buf.h"
#include "hak/check.h"
#include "tool/cli.h"
#include "hak/config.h"
#include "hak/db.h"
#include "hak/demo.h"
#include "hak/project.h"
#include "hak/request.h"
#include "hak/survey.h"
#include "hak/school.h"
#include "banned.h"

/* The directory hak itself lives in, for finding hak-CMD beside it. */
static char *
self_dir(const char *argv0)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n > 0)
		buf[n] = '\0';
	else if (strchr(argv0, '/'))
		snprintf(buf, sizeof(buf), "%s", argv0);
	else
		return NULL;
	slash = strrchr(buf, '/');
	if (!slash)
		return NULL;
	*slash = '\0';
	return hak_xstrdup(buf);
}

static bool
executable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

/* The search path for hak-CMD: hak's own directory, $HAK_EXEC_PATH, $PATH. */
static void
exec_dirs(const char *argv0, struct hak_strv *dirs)
{
	const char *lists[2] = { getenv("HAK_EXEC_PATH"), getenv("PATH") };
	char *own = self_dir(argv0);
	size_t i;

	if (own)
		hak_strv_push_owned(dirs, own);
	for (i = 0; i < 2; i++) {
		const char *p = lists[i], *colon;

		while (p && *p) {
			colon = strchr(p, ':');
			if (colon != p)
				hak_strv_push_owned(dirs, hak_xstrndup(p,
					colon ? (size_t)(colon - p) : strlen(p)));
			p = colon ? colon + 1 : NULL;
		}
	}
}

static char *
find_command(const char *argv0, const char *name)
{
	struct hak_strv dirs = HAK_STRV_INIT;
	char *found = NULL, *path;
	size_t i;

	if (strchr(name, '/'))
		return NULL;
	exec_dirs(argv0, &dirs);
	for (i = 0; i < dirs.n && !found; i++) {
		path = hak_xasprintf("%s/hak-%s", dirs.v[i], name);
		if (executable(path))
			found = path;
		else
			free(path);
	}
	hak_strv_clear(&dirs);
	return found;
}

static const char *argv0 = "hak";

/* The commands' options, one struct (each command's table names its own). */
struct opts {
	const char *group;	/* init */
	bool force;		/* backup */
	long long seed;		/* demo */
};

static int
cmd_init(struct hak_cli *c)
{
	struct hak_buf path = HAK_BUF_INIT;
	struct hak_db *db = NULL;
	bool created = false;
	int from = 0, rc;

	if (c->argc)
		return hak_err_set(&c->err, HAK_EUSAGE, "init takes no operands");
	hak_db_locate(c->db_opt, &c->cfg, &path);
	rc = hak_db_init(path.buf, ((const struct opts *)c->opts)->group,
		&c->cfg, &db,
		&created, &from, &c->err);
	if (rc == HAK_OK && created)
		fprintf(stderr, "hak: created '%s' (schema v%d)\n", path.buf,
			hak_db_schema_version());
	else if (rc == HAK_OK && from)
		fprintf(stderr, "hak: migrated '%s' from schema v%d to v%d "
			"(the old file is '%s.pre-v%d')\n", path.buf, from,
			hak_db_schema_version(), path.buf, from);
	hak_db_close(db);
	hak_buf_release(&path);
	return rc;
}

static int
cmd_check(struct hak_cli *c)
{
	struct hak_check steps = HAK_CHECK_INIT;
	int findings = 0, rc;

	if (c->argc)
		return hak_err_set(&c->err, HAK_EUSAGE, "check takes no operands");
	hak_check_add_db(&steps);
	hak_school_check_add(&steps);
	hak_project_check_add(&steps);
	hak_request_check_add(&steps);
	hak_survey_check_add(&steps);
	rc = hak_check_run(&steps, c->db, stdout, &findings, &c->err);
	hak_check_release(&steps);
	if (rc == HAK_OK && findings)
		rc = hak_err_set(&c->err, HAK_EDATA, "'%s': %d problem%s found",
			c->db_path, findings, findings == 1 ? "" : "s");
	return rc;
}

static int
cmd_backup(struct hak_cli *c)
{
	int rc;

	if (c->argc != 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"backup needs exactly one FILE");
	if ((rc = hak_db_refuse_output(c->db_path, c->argv[0], &c->err)))
		return rc;
	return hak_db_backup(c->db, c->argv[0],
		((const struct opts *)c->opts)->force, &c->err);
}

static int
cmd_config(struct hak_cli *c)
{
	struct hak_buf path = HAK_BUF_INIT, dump = HAK_BUF_INIT;
	struct hak_db *db = NULL;
	struct hak_err ignored;
	const char *state = "does not exist; run 'hak init'";

	if (c->argc)
		return hak_err_set(&c->err, HAK_EUSAGE, "config takes no operands");
	hak_db_locate(c->db_opt, &c->cfg, &path);
	if (!access(path.buf, F_OK)) {
		if (hak_db_open(path.buf, HAK_DB_READONLY, &db, &ignored))
			state = ignored.msg;
		else if (hak_db_is_demo(db))
			state = "a demo database, with its own organisation";
		else if (hak_db_config_differs(db, &c->cfg))
			state = "differs from the config file; run 'hak init'";
		else
			state = "in sync";
	}
	hak_config_dump(&c->cfg, &dump);
	printf("# config: %s\n# database: %s (%s)\n%s",
		c->cfg.path ? c->cfg.path : "(built-in default)", path.buf,
		state, dump.buf);
	hak_db_close(db);
	hak_buf_release(&dump);
	hak_buf_release(&path);
	return HAK_OK;
}

static int
cmd_version(struct hak_cli *c)
{
	(void)c;
	printf("hak (hakjibon) %s\nschema v%d\n", HAK_VERSION,
		hak_db_schema_version());
	return HAK_OK;
}

static int
cmd_demo(struct hak_cli *c)
{
	const char *path = c->db_opt;
	long long seed = ((const struct opts *)c->opts)->seed;
	char *summary = NULL;
	int rc;

	if (c->argc)
		return hak_err_set(&c->err, HAK_EUSAGE, "demo takes no operands");
	if (!path)
		path = "hakjibon-demo.db";
	rc = hak_demo_build(path, (uint64_t)seed, &summary, &c->err);
	if (rc == HAK_OK)
		fprintf(stderr, "hak: built '%s': %s\n", path, summary);
	free(summary);
	return rc;
}

static bool builtin(const char *name);

static int
cmd_help(struct hak_cli *c)
{
	char *page;

	if (!c->argc) {
		hak_cli_usage(c->prog, stdout);
		return HAK_OK;
	}
	if (c->argc > 1)
		return hak_err_set(&c->err, HAK_EUSAGE,
			"help takes one COMMAND");
	page = hak_xasprintf("hak-%s", c->argv[0]);
	if (!strcmp(c->argv[0], "hak") || builtin(c->argv[0])) {
		page[3] = '\0';
	} else {
		char *prog = find_command(argv0, c->argv[0]);

		if (!prog) {
			free(page);
			return hak_err_set(&c->err, HAK_EUSAGE,
				"'%s' is not a hak command", c->argv[0]);
		}
		free(prog);
	}
	fflush(stdout);
	execlp("man", "man", page, (char *)NULL);
	/* no man(1): fall back to the program's own usage */
	if (strcmp(page, "hak")) {
		char *prog = find_command(argv0, c->argv[0]);

		if (prog)
			execl(prog, page, "--help", (char *)NULL);
		free(prog);
	}
	hak_err_set(&c->err, HAK_ENOINPUT, "no help for '%s': %s",
		c->argv[0], strerror(errno));
	free(page);
	return HAK_ENOINPUT;
}

static const struct hak_opt init_opts[] = {
	HAK_OPT_STRING(0, "group", struct opts, group, "G", 0,
		"share the database with group G"),
	HAK_OPT_END()
};
static const struct hak_opt backup_opts[] = {
	HAK_OPT_BOOL(0, "force", struct opts, force, 0,
		"replace an existing FILE"),
	HAK_OPT_END()
};
static const struct hak_opt demo_opts[] = {
	HAK_OPT_SEE("db", "FILE", "the demo database (hakjibon-demo.db)"),
	HAK_OPT_INT(0, "seed", struct opts, seed, "N", 0, LLONG_MAX, 1, 0,
		"another seed, another office (default: 1)"),
	HAK_OPT_END()
};

#define V(name, fn, operands, table, flags, help) \
	{ name, fn, operands, table, sizeof(struct opts), flags, help }

static const struct hak_cli_verb verbs[] = {
	V("init", cmd_init, "", init_opts, HAK_VERB_CONFIG,
		"create the database, or migrate it, and sync the config"),
	V("check", cmd_check, "", NULL, HAK_VERB_DB,
		"check the database's integrity and history"),
	V("backup", cmd_backup, "FILE", backup_opts, HAK_VERB_DB,
		"copy the database, while in use"),
	V("config", cmd_config, "", NULL, HAK_VERB_CONFIG,
		"print the effective settings"),
	V("demo", cmd_demo, "", demo_opts, 0, "build a demo database"),
	V("version", cmd_version, "", NULL, 0,
		"print the version and the schema version"),
	V("help", cmd_help, "[COMMAND]", NULL, 0, "show a manual page"),
	{ NULL, NULL, NULL, NULL, 0, 0, NULL }
};

static bool
builtin(const char *name)
{
	const struct hak_cli_verb *v;

	for (v = verbs; v->name; v++)
		if (!strcmp(v->name, name))
			return true;
	return false;
}

static const struct hak_cli_prog prog = {
	"hak",
	"hakjibon: the School Support Headquarters' back office.\n"
	"COMMAND is one of the above, or request, school, project, survey,\n"
	"report or any hak-COMMAND found beside hak, in $HAK_EXEC_PATH or\n"
	"in $PATH, run with the remaining arguments.",
	verbs, NULL
};

/* hak --list-commands: the built-in commands and every hak-CMD found. */
static int
list_commands(void)
{
	struct hak_strv dirs = HAK_STRV_INIT, names = HAK_STRV_INIT;
	const struct hak_cli_verb *v;
	struct hak_err err;
	int rc;
	struct dirent *de;
	size_t i;
	DIR *d;

	for (v = verbs; v->name; v++)
		hak_strv_push(&names, v->name);
	exec_dirs(argv0, &dirs);
	for (i = 0; i < dirs.n; i++) {
		if (!(d = opendir(dirs.v[i])))
			continue;
		while ((de = readdir(d))) {
			char *p;

			if (strncmp(de->d_name, "hak-", 4) || !de->d_name[4])
				continue;
			p = hak_xasprintf("%s/%s", dirs.v[i], de->d_name);
			if (executable(p))
				hak_strv_push(&names, de->d_name + 4);
			free(p);
		}
		closedir(d);
	}
	hak_strv_sort(&names);
	hak_strv_uniq(&names);
	for (i = 0; i < names.n; i++)
		printf("%s\n", names.v[i]);
	hak_strv_clear(&names);
	hak_strv_clear(&dirs);
	hak_err_clear(&err);
	if ((rc = hak_cli_flush_stdout(&err)))
		hak_err_print(&err, "hak", stderr);
	return hak_exit_code(rc);
}

/* Options about hak itself, whose operand is not a command to run. */
static bool
own_option(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h") ||
		!strcmp(arg, "--version") || !strncmp(arg, "--list-", 7);
}

/* The variable for "--NAME VALUE" or "--NAME=VALUE" when arg is one. */
static const char *
env_option(const char *arg, const char *name, const char *var)
{
	size_t n = strlen(name);

	return !strncmp(arg, name, n) && (!arg[n] || arg[n] == '=') ? var :
		NULL;
}

/*
 * hak [OPTION]... CMD [ARG]...: a command that is not built in runs hak-CMD.
 * The options before CMD go with it (SPEC 2.14: options may stand before
 * or after the command); --db and --config as $HAK_DB and $HAK_CONFIG,
 * which every hak-CMD, plugins included, reads.
 */
int
main(int argc, char **argv)
{
	struct hak_strv args = HAK_STRV_INIT;
	const char *env;
	char *path;
	int i, k;

	argv0 = argv[0];
	if (argc == 2 && !strcmp(argv[1], "--list-commands"))
		return list_commands();
	i = hak_cli_first_operand(argc, argv);
	for (k = 1; k < i; k++)
		if (own_option(argv[k]))
			return hak_cli_main(argc, argv, &prog);
	if (i >= argc || builtin(argv[i]))
		return hak_cli_main(argc, argv, &prog);
	path = find_command(argv[0], argv[i]);
	if (!path) {
		fprintf(stderr, "hak: usage: '%s' is not a hak command\n"
			"Try 'hak --help' for more information.\n", argv[i]);
		return 2;
	}
	hak_strv_push_owned(&args, hak_xasprintf("hak-%s", argv[i]));
	for (k = 1; k < i; k++) {
		if ((env = env_option(argv[k], "--db", "HAK_DB")) ||
			(env = env_option(argv[k], "--config", "HAK_CONFIG"))) {
			if (strchr(argv[k], '='))
				setenv(env, strchr(argv[k], '=') + 1, 1);
			else
				setenv(env, argv[++k], 1);
		} else {
			hak_strv_push(&args, argv[k]);
		}
	}
	for (k = i + 1; k < argc; k++)
		hak_strv_push(&args, argv[k]);
	hak_strv_push_owned(&args, NULL);
	execv(path, args.v);
	fprintf(stderr, "hak: cannot run '%s': %s\n", path, strerror(errno));
	return errno == ENOENT ? 2 : 71;
}
