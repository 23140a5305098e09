// `urlscan serve`: the HTTP service (cpp-httplib) around one model registry, with the routes
// of openapi.json, metrics, rate limiting, hot reload (SIGHUP, /admin/reload) and a graceful
// shutdown on SIGTERM.
#pragma once

namespace urlscan::service {

// Runs until SIGTERM/SIGINT; returns the process exit status.
int run_serve(int argc, char** argv, int first);

}  // namespace urlscan::service
