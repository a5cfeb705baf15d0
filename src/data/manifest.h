// The manifest: a CSV with a header naming utterances. Required columns `path`,
// `speaker`, `emotion`; optional `split` (train/val/test), `gender` (f/m; female
// and male in any case are read as f/m), `utt_id` (defaults to `path`, also where
// its field is empty); other columns are kept and written back unchanged.
// Quoted fields (RFC 4180: doubled quotes, commas and line breaks inside quotes),
// LF and CRLF line ends and a leading UTF-8 BOM are read; blank lines are skipped.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace emoforget::data {

struct Utterance {
  std::string utt_id;
  std::string path;  // as written in the manifest (relative to its folder, or absolute)
  std::string speaker;
  std::string emotion;
  std::string split;                         // "", "train", "val" or "test"
  std::string gender;                        // "", "f" or "m"
  std::map<std::string, std::string> extra;  // unknown columns, by header name

  bool operator==(const Utterance& other) const;
  bool operator!=(const Utterance& other) const { return !(*this == other); }
};

struct Manifest {
  std::filesystem::path root;              // folder relative paths are resolved against
  std::vector<std::string> extra_columns;  // unknown columns in file order
  std::vector<Utterance> utterances;

  // Absolute (or root-joined) path of an utterance's audio file.
  std::filesystem::path resolve(const Utterance& u) const;
  // Utterances whose split is `split`, in manifest order.
  std::vector<const Utterance*> in_split(const std::string& split) const;
  // Label names present, sorted.
  std::vector<std::string> emotions() const;
  // Speaker ids present, sorted.
  std::vector<std::string> speakers() const;

  // Same columns and utterances; `root` (where the file lies) is not compared.
  bool operator==(const Manifest& other) const;
  bool operator!=(const Manifest& other) const { return !(*this == other); }
};

// Column names the manifest gives meaning to, in the order they are written.
const std::vector<std::string>& manifest_columns();

// Reads and validates a manifest; errors name the file, row (1-based, header = 1)
// and column.
Manifest read_manifest(const std::filesystem::path& path);

// Parses manifest text; `source` names it in errors, `root` becomes Manifest::root.
Manifest parse_manifest(const std::string& text, const std::string& source,
                        const std::filesystem::path& root);

// Writes atomically; `path` column values are written as stored.
void write_manifest(const std::filesystem::path& path, const Manifest& manifest);

// The CSV text write_manifest() writes: the known columns (manifest_columns()),
// then the extra columns; fields quoted where needed. Throws on a manifest that
// would not read back (empty required field, bad split or gender, duplicate
// utt_id, an extra value without its column).
std::string format_manifest(const Manifest& manifest);

}  // namespace emoforget::data
