// A program outside the project, built against the installed liburlscan (pkg-config) by
// install_test.sh: it scores its arguments with the built-in model and rules and prints what
// `urlscan` prints for them (verdict, probability, URL, reasons), so the test can compare.
#include <cstdio>
#include <string>
#include <urlscan/urlscan.hpp>

int main(int argc, char** argv) {
  const urlscan::Scorer scorer(urlscan::Model::builtin());
  urlscan::Scorer::Scratch scratch;
  for (int i = 1; i < argc; ++i) {
    const urlscan::Score s = scorer.score(argv[i], scratch);
    if (s.problem != urlscan::errc::ok) {
      std::printf("error\t%s\n", std::string(urlscan::message(s.problem)).c_str());
      continue;
    }
    std::string line = s.phishing ? "phishing\t" : "legitimate\t";
    urlscan::append_probability(line, s.probability);
    line += '\t';
    line += argv[i];
    const auto reasons = scorer.reasons(s);
    for (std::size_t r = 0; r < reasons.size(); ++r) line += (r ? "; " : "\t") + reasons[r];
    std::puts(line.c_str());
  }
  return 0;
}
