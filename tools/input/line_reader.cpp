#include "input/line_reader.hpp"

#include <cstring>

namespace urlscan::cli {

bool LineReader::refill() {
  if (eof_) return false;
  const ssize_t r = src_.read(buf_.data(), buf_.size());
  if (r < 0) {
    error_ = src_.error();
    eof_ = true;
    return false;
  }
  if (r == 0) {
    eof_ = true;
    return false;
  }
  pos_ = 0;
  len_ = static_cast<std::size_t>(r);
  bytes_read_ += len_;
  return true;
}

bool LineReader::next(LineBatch& out, std::size_t max_lines, std::size_t max_bytes) {
  out.clear();
  out.first_line = line_no_ + 1;
  while (out.size() < max_lines && out.bytes.size() < max_bytes) {
    // One line: copy up to the cap, skip the rest, stop at '\n' or the end of input.
    const std::size_t start = out.bytes.size();
    bool truncated = false, any = false, newline = false;
    for (;;) {
      if (pos_ == len_ && !refill()) break;
      any = true;
      const char* p = buf_.data() + pos_;
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', len_ - pos_));
      const std::size_t chunk = nl ? static_cast<std::size_t>(nl - p) : len_ - pos_;
      const std::size_t have = out.bytes.size() - start;
      const std::size_t room = have < max_line_ ? max_line_ - have : 0;
      out.bytes.append(p, std::min(chunk, room));
      truncated |= chunk > room;
      pos_ += chunk;
      if (nl) {
        ++pos_;
        newline = true;
        break;
      }
    }
    if (!any || (!newline && out.bytes.size() == start && !truncated)) break;  // end of input
    if (!truncated && out.bytes.size() > start && out.bytes.back() == '\r') out.bytes.pop_back();
    out.ends.push_back(static_cast<std::uint32_t>(out.bytes.size()));
    out.truncated.push_back(truncated);
    ++line_no_;
    if (!newline) break;  // last line without a newline
  }
  return !(eof_ && pos_ == len_);
}

}  // namespace urlscan::cli
