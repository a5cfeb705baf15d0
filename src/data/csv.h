// RFC 4180 CSV: a record reader (quoted fields, doubled quotes, commas and line
// breaks inside quotes, LF/CRLF/CR line ends, a leading UTF-8 BOM) and the
// matching writer that quotes a field only where needed.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/error.h"

namespace emoforget::data {

struct CsvRecord {
  size_t row = 0;   // 1-based record number; blank lines count as rows
  size_t line = 0;  // 1-based text line the record starts on
  std::vector<std::string> fields;
};

// A malformed record; `field` is the 0-based index of the field being read.
class CsvSyntaxError : public Error {
 public:
  CsvSyntaxError(const std::string& message, size_t row, size_t line, size_t field)
      : Error(message), row(row), line(line), field(field) {}
  size_t row;
  size_t line;
  size_t field;
};

class CsvReader {
 public:
  explicit CsvReader(std::string text);

  // Reads the next non-blank record; false at the end of the text.
  // Throws CsvSyntaxError on an unterminated quote or text after a closing quote.
  bool next(CsvRecord& record);

 private:
  bool at_line_end() const;
  void skip_line_end();

  std::string text_;
  size_t pos_ = 0;
  size_t row_ = 0;
  size_t line_ = 1;
};

// `field`, quoted (with doubled inner quotes) if it holds a comma, quote, line
// break or leading/trailing space; otherwise unchanged.
std::string csv_field(const std::string& field);

// One record: the fields joined by commas, ending in "\n".
std::string csv_line(const std::vector<std::string>& fields);

}  // namespace emoforget::data
