// The labelled data set's folder for the data gates (tests/test_data*.cpp, data_main.cpp):
// URLSCAN_DATA, which tests/meson.build sets from -Ddata_dir; empty when unset.
#pragma once

#include <cstdlib>
#include <string>

namespace urlscan {

inline std::string data_dir() {
  const char* d = std::getenv("URLSCAN_DATA");
  return d ? d : "";
}

}  // namespace urlscan
