// Which utterances an audit reads: the forget set (checked to be training members
// whose audio is still on disk), the held-out splits, and the balanced, seeded
// member/non-member subsample the MIA-efficacy attack is fitted on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "audit/config.h"
#include "common/rng.h"
#include "data/manifest.h"

#include <nlohmann/json.hpp>

namespace emoforget::audit {

constexpr uint64_t kRelearnStream = 0x52454c;  // "REL"

struct AuditSets {
  std::vector<const data::Utterance*> forget;
  nlohmann::json forget_report;             // how the forget set was identified and checked
  std::vector<std::string> held_out_names;  // resolved held-out splits
  std::vector<std::vector<const data::Utterance*>> held_out;  // one list per split
  std::vector<const data::Utterance*> attack_members;         // remain-set subsample
  std::vector<int64_t> attack_nonmember_rows;   // rows of the held-out sets, concatenated
  int64_t remain_size = 0;                      // member-split utterances not in the forget set
  std::vector<const data::Utterance*> relearn;  // with config.relearn: a random 10 % of the
                                                // remain set (its own random stream)
};

// The held-out splits to use: config.held_out, or test when the manifest has test
// utterances, else val. Throws when none is available or a named split is empty.
std::vector<std::string> resolve_held_out(const data::Manifest& manifest,
                                          const AuditConfig& config);

// Resolves every set. Errors name the forget file, the utterance and, for missing
// audio, the file the audit needs.
AuditSets select_audit_sets(const data::Manifest& manifest, const AuditConfig& config, Rng& rng);

}  // namespace emoforget::audit
