// libFuzzer entry for the manifest reader (parse_manifest over the CSV reader): any
// input must parse or throw emoforget::Error; an accepted manifest must format without
// error and read back equal (parse(format(m)) == m).
#include <cstdint>
#include <cstdlib>
#include <string>

#include "common/error.h"
#include "data/manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace emoforget::data;
  const std::string text(reinterpret_cast<const char*>(data), size);
  Manifest manifest;
  try {
    manifest = parse_manifest(text, "fuzz-input", "/corpus");
  } catch (const emoforget::Error&) {
    return 0;
  }
  for (const Utterance& u : manifest.utterances) {
    if (u.path.empty() || u.speaker.empty() || u.emotion.empty() || u.utt_id.empty()) std::abort();
  }
  try {
    if (parse_manifest(format_manifest(manifest), "fuzz-round-trip", "/corpus") != manifest) {
      std::abort();
    }
  } catch (const emoforget::Error&) {
    std::abort();
  }
  return 0;
}
