// Reads the hand-made URL lists in tests/data (one URL per line, '#' comments).
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

inline std::string source_root() {
  const char* r = std::getenv("URLSCAN_SOURCE_ROOT");
  return r ? r : ".";
}

inline std::vector<std::string> read_list(const std::string& name) {
  std::ifstream in(source_root() + "/tests/data/" + name);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.push_back(line);
  return out;
}
