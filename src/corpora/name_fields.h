// Small helpers the corpus parsers share for reading fields out of file names.
#pragma once

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace emoforget::corpora {

// "NP_m_13_tri05a.wav" -> "NP_m_13_tri05a"; nullopt when the name does not end
// in .wav (any case).
inline std::optional<std::string> wav_stem(const std::string& file_name) {
  if (file_name.size() <= 4) return std::nullopt;
  std::string ext = file_name.substr(file_name.size() - 4);
  for (char& c : ext)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext != ".wav") return std::nullopt;
  return file_name.substr(0, file_name.size() - 4);
}

inline std::vector<std::string> split_fields(const std::string& text, char separator) {
  std::vector<std::string> fields(1);
  for (const char c : text) {
    if (c == separator) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

inline bool all_digits(const std::string& text) {
  if (text.empty()) return false;
  for (const char c : text) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The label names of a code -> label table, sorted (a corpus's labels()).
template <typename Code>
std::vector<std::string> sorted_labels(const std::map<Code, std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& entry : codes)
    out.push_back(entry.second);
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace emoforget::corpora
