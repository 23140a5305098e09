// `urlscan serve`'s lifecycle: load the model (or reach the model API), bind, serve, and on
// SIGTERM drain and stop; SIGHUP reloads. Routes: service_routes.cpp; answers:
// service_handlers.cpp.
#include "server.hpp"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include "service_impl.hpp"

namespace urlscan::service {

ConnectionLimits connection_limits(const ServeOptions& o) {
  ConnectionLimits l;
  l.stream.read_timeout_ms = o.read_timeout_ms;
  l.stream.write_timeout_ms = o.write_timeout_ms;
  l.stream.request_timeout_ms = o.request_timeout_ms;
  l.stream.max_body_raw = 2 * o.max_body + 64 * 1024;  // chunk framing of small chunks included
  l.idle_timeout_ms = o.idle_timeout_ms;
  l.max_connections = o.max_connections;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  l.min_threads = o.workers > 0 ? static_cast<std::size_t>(o.workers) : std::size_t{4} * cores;
  return l;
}

int Service::run() {
  // Signals go to one thread (sigwait), never to the workers.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  if (local()) {
    const ModelRegistry::Outcome r = models_.load(opt_.model_path);
    if (!r.ok) throw frontend::Error("model refused: " + r.message);
    metrics_.model_info(models_.current()->id, models_.current()->source);
    backend_ = local_backend(models_, metrics_, opt_.cache_mb << 20);
  } else {
    backend_ = remote_backend(opt_, metrics_);
  }
  install_routes();
  // Connections, keep-alive and timeouts are HttpServer's (connection_limits); the library's
  // payload limit stays as a second guard for a Content-Length body.
  server_.set_payload_max_length(opt_.max_body);
  server_.set_tcp_nodelay(true);

  int port = opt_.port;
  if (port == 0) {
    port = server_.bind_to_any_port(opt_.bind);
    if (port < 0) throw frontend::Error("cannot bind " + opt_.bind);
  } else if (!server_.bind_to_port(opt_.bind, port)) {
    throw frontend::Error("cannot bind " + opt_.bind + ":" + std::to_string(port));
  }
  const std::size_t max_connections = server_.prepare_listening();
  // (at most N connections): MAX_CONNECTIONS, or lower where the open-file limit (ulimit -n)
  // cannot be raised that far.
  const auto m = models_.current();
  std::fprintf(stderr,
               "urlscan serve: listening on http://%s:%d (role %s, variant %s, model %s, "
               "%zu workers, at most %zu connections)\n",
               opt_.bind.c_str(), port, role_name(opt_.role), variant_name(opt_.variant),
               m ? m->id.c_str() : ("remote " + opt_.model_host).c_str(),
               connection_limits(opt_).min_threads, max_connections);
  std::fflush(stderr);

  std::thread signal_thread([this, signals] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        if (local()) reloaded(models_.load(opt_.model_path), "success");
        continue;
      }
      // SIGTERM/SIGINT: unready first (Kubernetes stops sending), then stop accepting; the
      // workers finish the requests in flight before listen returns.
      draining_ = true;
      std::fprintf(stderr, "urlscan serve: shutting down (signal %d)\n", sig);
      if (opt_.drain_delay_ms > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(opt_.drain_delay_ms));
      server_.shut_down();
      return;
    }
  });
  const bool ok = server_.listen_after_bind();
  if (!draining_) ::kill(::getpid(), SIGTERM);  // listen failed on its own: end sigwait
  signal_thread.join();
  std::fprintf(stderr, "urlscan serve: stopped\n");
  return ok || draining_ ? 0 : 2;
}

int run_serve(int argc, char** argv, int first) {
  Service service(parse_serve_options(argc, argv, first));
  return service.run();
}

}  // namespace urlscan::service
