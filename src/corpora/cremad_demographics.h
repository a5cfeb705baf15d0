// CREMA-D's VideoDemographics.csv (ActorID,Age,Sex,Race,Ethnicity): the actors'
// genders, which CREMA-D's file names do not carry.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace emoforget::corpora {

// ActorID -> "f"/"m" from the CSV text; `source` names it in errors. Throws
// emoforget::Error naming the source, row and column on a missing header, a missing
// ActorID or Sex column, a short row, a Sex other than Male/Female or malformed CSV.
std::map<std::string, std::string> parse_cremad_demographics(const std::string& text,
                                                             const std::string& source);

// Reads the file at `path` and parses it as above.
std::map<std::string, std::string> read_cremad_demographics(const std::filesystem::path& path);

}  // namespace emoforget::corpora
