// Reads the hand-made URL lists in tests/data and the quality gate's known-URL lists in
// models/gate (one URL per line, '#' comments).
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

inline std::string source_root() {
  const char* r = std::getenv("URLSCAN_SOURCE_ROOT");
  return r ? r : ".";
}

// `path` relative to the source root.
inline std::vector<std::string> read_list_at(const std::string& path) {
  std::ifstream in(source_root() + "/" + path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}

inline std::vector<std::string> read_list(const std::string& name) {
  return read_list_at("tests/data/" + name);
}
// known_legitimate.txt, known_phishing.txt: what the service's quality gate checks a model on.
inline std::vector<std::string> read_gate_list(const std::string& name) {
  return read_list_at("models/gate/" + name);
}
