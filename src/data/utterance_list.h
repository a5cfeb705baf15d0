// A list of utterances named in a file (a deletion request, an evaluation subset):
// either one utt_id or path per line, or a CSV whose header has a `utt_id` or
// `path` column. Every entry must name an utterance of the manifest.
#pragma once

#include <filesystem>
#include <vector>

#include "data/manifest.h"

namespace emoforget::data {

// The named utterances, in file order, without repeats. An entry that matches no
// utterance (by utt_id, manifest path or resolved path) is an error naming the
// file and line; an empty list is an error too.
std::vector<const Utterance*> read_utterance_list(const std::filesystem::path& file,
                                                  const Manifest& manifest);

}  // namespace emoforget::data
