// Which utterances an audit takes as the forget set, checked against the record
// the unlearned model keeps of its last request (lineage/request_record.h):
// - `--forget-file` (the operator's own clear list): with the key the request was
//   hashed with, the list must name exactly the utterances the record hashed;
// - no forget file: the utterances of the manifest's member splits whose keyed
//   hashes the record holds (the key is then required).
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "audit/config.h"
#include "data/manifest.h"

namespace emoforget::audit {

struct ForgetIdentity {
  std::vector<const data::Utterance*> utterances;
  nlohmann::json report;  // n, request id, utt_hashes (with a key), and how it was checked
};

// Throws naming the file, the request and the mismatch.
ForgetIdentity identify_forget_set(const data::Manifest& manifest, const AuditConfig& config);

}  // namespace emoforget::audit
