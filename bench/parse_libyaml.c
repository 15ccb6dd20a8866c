/* Bare libyaml baseline: run the event parser over a file and discard the events.
 *
 *   parse_libyaml FILE
 *
 * Prints the number of events (and nothing else) to stdout; exit 1 on a parse error
 * (message on stderr), 2 on a usage or I/O error.  The file is read through a FILE*
 * (libyaml's own buffered reader), so this is the cost of "reading" as a YAML loader
 * built on libyaml pays it, minus any tree building or checks. */
#include <yaml.h>

#include <stdio.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  FILE *in = fopen(argv[1], "rb");
  if (!in) {
    perror(argv[1]);
    return 2;
  }
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) {
    fprintf(stderr, "%s: cannot initialise libyaml\n", argv[0]);
    fclose(in);
    return 2;
  }
  yaml_parser_set_input_file(&parser, in);
  unsigned long long events = 0;
  int rc = 0;
  for (;;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) {
      fprintf(stderr, "%s:%lu:%lu: %s%s%s\n", argv[1], (unsigned long)parser.problem_mark.line + 1,
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
  if (rc == 0) printf("%llu\n", events);
  return rc;
}
