#include "common/comma_list.h"

#include <cerrno>
#include <cstdlib>
#include <sstream>

#include "common/error.h"

namespace emoforget {
namespace {

// The items of a list read by `convert` (a strtoll/strtod-like function); `kind`
// names what an item must be.
template <typename T, typename Convert>
std::vector<T> parse_numbers(const std::string& text, const std::string& flag, Convert convert,
                             const char* kind) {
  std::vector<T> values;
  for (const std::string& item : parse_name_list(text, flag)) {
    char* end = nullptr;
    errno = 0;
    const T value = convert(item.c_str(), &end);
    if (errno != 0 || *end != '\0') throw Error(flag + ": '" + item + "' is not " + kind);
    values.push_back(value);
  }
  return values;
}

}  // namespace

std::vector<std::string> parse_name_list(const std::string& text, const std::string& flag) {
  std::vector<std::string> items;
  if (text.find_first_not_of(" \t") == std::string::npos) return items;
  std::stringstream stream(text + ",");  // so that a trailing comma leaves an empty item
  for (std::string item; std::getline(stream, item, ',');) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty()) {
      throw Error(flag + ": empty item in '" + text + "' (give a comma-separated list)");
    }
    items.push_back(item);
  }
  return items;
}

std::vector<int64_t> parse_int_list(const std::string& text, const std::string& flag) {
  return parse_numbers<int64_t>(
      text, flag, [](const char* s, char** end) { return std::strtoll(s, end, 10); }, "an integer");
}

std::vector<uint64_t> parse_seed_list(const std::string& text, const std::string& flag) {
  std::vector<uint64_t> seeds;
  for (const int64_t value : parse_int_list(text, flag)) {
    if (value < 0) throw Error(flag + ": seeds must be 0 or more, got " + std::to_string(value));
    seeds.push_back(static_cast<uint64_t>(value));
  }
  return seeds;
}

std::vector<double> parse_double_list(const std::string& text, const std::string& flag) {
  return parse_numbers<double>(
      text, flag, [](const char* s, char** end) { return std::strtod(s, end); }, "a number");
}

std::string join_list(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items)
    text += (text.empty() ? "" : ",") + item;
  return text;
}

}  // namespace emoforget
