package io.neuralforge.cli;

/** How compare and diff print: a table for people, or JSON for scripts. */
enum ReportFormat {
  text,
  json
}
