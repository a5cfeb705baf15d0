// Comma-separated lists of flag values ("10,30,50"), with one rule for every list
// flag: an empty text is an empty list, an empty item ("a,,b") is an error naming
// the flag, and white space around an item is dropped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace emoforget {

std::vector<std::string> parse_name_list(const std::string& text, const std::string& flag);
std::vector<int64_t> parse_int_list(const std::string& text, const std::string& flag);
std::vector<uint64_t> parse_seed_list(const std::string& text, const std::string& flag);
std::vector<double> parse_double_list(const std::string& text, const std::string& flag);

// {"a", "b"} -> "a,b" (the form the parsers read back).
std::string join_list(const std::vector<std::string>& items);

}  // namespace emoforget
