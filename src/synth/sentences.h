// The sentences the synthetic corpus speaks: a built-in list of varied Italian
// sentences, or one sentence per line from a UTF-8 text file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace emoforget::synth {

// The built-in list (40 sentences, each about 1.5 to 4 s when spoken), without
// final punctuation: the emotion decides how a sentence ends.
const std::vector<std::string>& builtin_sentences();

// Reads one sentence per line; surrounding blanks, a final '.', '!', '?' or
// ';' and blank lines are dropped. Throws emoforget::Error naming the file when
// it cannot be read, has no sentence, or a line holds a control character.
std::vector<std::string> read_sentences(const std::filesystem::path& path);

}  // namespace emoforget::synth
