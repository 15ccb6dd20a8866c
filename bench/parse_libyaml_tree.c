/* Bare libyaml baseline (bench/run, bench/parse-vs-validate): the event parser over files and trees.
 *
 *   parse_libyaml_tree PATH...
 *
 * Each PATH is a file, or a directory walked recursively for .yaml/.yml files (hidden entries
 * skipped), as `shitong validate` collects them. Every file is run through libyaml's event
 * parser, one after another on one thread, through a FILE* (libyaml's own buffered reader), and
 * the events are discarded. Prints "FILES files, EVENTS events" on stdout; exit 1 on a parse
 * error (message on stderr, the other files are still parsed), 2 on a usage or I/O error. */
#define _GNU_SOURCE /* nftw with FTW_ACTIONRETVAL, to skip hidden directories */
#include <yaml.h>

#include <ftw.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static unsigned long long files, events;
static int status;

static int parse_file(const char *path) {
  FILE *in = fopen(path, "rb");
  if (!in) {
    perror(path);
    return 2;
  }
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    fprintf(stderr, "%s: cannot initialise libyaml\n", path);
    fclose(in);
    return 2;
  }
  yaml_parser_set_input_file(&parser, in);
  int rc = 0;
  for (;;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      fprintf(stderr, "%s:%lu:%lu: %s%s%s\n", path, (unsigned long)parser.problem_mark.line + 1,
              (unsigned long)parser.problem_mark.column + 1, parser.problem ? parser.problem : "parse error",
              parser.context ? " " : "", parser.context ? parser.context : "");
      rc = 1;
      break;
    }
    ++events;
    int done = event.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&event);
    if (done) break;
  }
  yaml_parser_delete(&parser);
  fclose(in);
  ++files;
  return rc;
}

static int has_yaml_suffix(const char *name) {
  size_t n = strlen(name);
  return (n > 5 && strcmp(name + n - 5, ".yaml") == 0) || (n > 4 && strcmp(name + n - 4, ".yml") == 0);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
  (void)st;
  const char *base = path + ftw->base;
  if (ftw->level > 0 && base[0] == '.') return type == FTW_D ? FTW_SKIP_SUBTREE : FTW_CONTINUE;
  if (type == FTW_DNR || type == FTW_NS) {
    fprintf(stderr, "%s: cannot read\n", path);
    status = 2;
    return FTW_CONTINUE;
  }
  if (type == FTW_F && has_yaml_suffix(base)) {
    int rc = parse_file(path);
    if (rc > status) status = rc;
  }
  return FTW_CONTINUE;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s PATH...\n", argv[0]);
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    struct stat st;
    if (stat(argv[i], &st) != 0) {
      perror(argv[i]);
      status = 2;
    } else if (S_ISDIR(st.st_mode)) {
      if (nftw(argv[i], visit, 64, FTW_PHYS | FTW_ACTIONRETVAL) != 0) {
        perror(argv[i]);
        status = 2;
      }
    } else {
      int rc = parse_file(argv[i]);
      if (rc > status) status = rc;
    }
  }
  printf("%llu files, %llu events\n", files, events);
  return status;
}
