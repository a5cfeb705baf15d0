#include "data/csv.h"

#include <utility>

namespace emoforget::data {

CsvReader::CsvReader(std::string text) : text_(std::move(text)) {
  if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
}

bool CsvReader::at_line_end() const {
  return text_[pos_] == '\n' || text_[pos_] == '\r';
}

void CsvReader::skip_line_end() {
  if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ++pos_;
  ++pos_;
  ++line_;
}

bool CsvReader::next(CsvRecord& record) {
  // Blank lines carry no fields; they still count as rows so that row numbers
  // match line numbers in files without line breaks inside quotes.
  while (pos_ < text_.size() && at_line_end()) {
    skip_line_end();
    ++row_;
  }
  if (pos_ >= text_.size()) return false;

  ++row_;
  record.row = row_;
  record.line = line_;
  record.fields.clear();
  std::string field;
  while (true) {
    if (pos_ < text_.size() && text_[pos_] == '"') {
      const size_t quote_line = line_;
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) {
          throw CsvSyntaxError("unterminated quoted field (the quote opens on line " +
                                   std::to_string(quote_line) + ")",
                               record.row, quote_line, record.fields.size());
        }
        const char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            field += '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\n' || (c == '\r' && !(pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n'))) {
          ++line_;
        }
        field += c;
        ++pos_;
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end()) {
        throw CsvSyntaxError(std::string("unexpected character '") + text_[pos_] +
                                 "' after a closing quote (write a quote inside a quoted "
                                 "field as \"\")",
                             record.row, line_, record.fields.size());
      }
    } else {
      while (pos_ < text_.size() && text_[pos_] != ',' && !at_line_end())
        field += text_[pos_++];
    }
    record.fields.push_back(std::move(field));
    field.clear();
    if (pos_ >= text_.size()) return true;
    if (text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    skip_line_end();
    return true;
  }
}

std::string csv_field(const std::string& field) {
  const bool needs_quotes = field.find_first_of(",\"\r\n") != std::string::npos ||
                            (!field.empty() && (field.front() == ' ' || field.back() == ' ' ||
                                                field.front() == '\t' || field.back() == '\t'));
  if (!needs_quotes) return field;
  std::string quoted = "\"";
  for (const char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += csv_field(fields[i]);
  }
  line += '\n';
  return line;
}

}  // namespace emoforget::data
