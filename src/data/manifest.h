// The manifest: a CSV with a header naming utterances. Required columns `path`,
// `speaker`, `emotion`; optional `split` (train/val/test), `gender`, `utt_id`
// (defaults to `path`); other columns are kept and written back unchanged.
// Quoted fields (RFC 4180), commas and quotes in fields, and CRLF line ends are read.
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
  std::string split;   // "", "train", "val" or "test"
  std::string gender;  // "", "f" or "m"
  std::map<std::string, std::string> extra;  // unknown columns, by header name
};

struct Manifest {
  std::filesystem::path root;  // folder relative paths are resolved against
  std::vector<std::string> extra_columns;  // unknown columns in file order
  std::vector<Utterance> utterances;

  // Absolute (or root-joined) path of an utterance's audio file.
  std::filesystem::path resolve(const Utterance& u) const;
  // Utterances whose split is `split`, in manifest order.
  std::vector<const Utterance*> in_split(const std::string& split) const;
  // Label names present, sorted.
  std::vector<std::string> emotions() const;
};

// Reads and validates a manifest; errors name the file, row (1-based, header = 1)
// and column.
Manifest read_manifest(const std::filesystem::path& path);

// Writes atomically; `path` column values are written as stored.
void write_manifest(const std::filesystem::path& path, const Manifest& manifest);

}  // namespace emoforget::data
