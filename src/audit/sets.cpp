#include "audit/sets.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "audit/attribute_evidence.h"
#include "audit/forget_identity.h"
#include "common/error.h"
#include "data/utterance_list.h"
#include "metrics/membership_inference.h"

namespace emoforget::audit {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i)
    out += (i ? "," : "") + items[i];
  return out;
}

bool contains(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

// Every forget utterance must be a training member whose audio is still on disk.
void check_forget_set(const data::Manifest& manifest, const AuditConfig& config,
                      const std::vector<const data::Utterance*>& forget) {
  for (const data::Utterance* u : forget) {
    if (!contains(config.member_splits, u->split)) {
      throw Error((config.forget_file.empty() ? std::string("the forget set")
                                              : config.forget_file.string()) +
                  ": forget utterance '" + u->utt_id + "' is in split '" + u->split +
                  "', not in a member split (" + join(config.member_splits) +
                  "); pass --member-split with the splits the original model was trained on");
    }
  }
  std::vector<const data::Utterance*> missing;
  for (const data::Utterance* u : forget) {
    if (!std::filesystem::is_regular_file(manifest.resolve(*u))) missing.push_back(u);
  }
  if (!missing.empty()) {
    throw Error("forget utterance '" + missing.front()->utt_id + "': audio file " +
                manifest.resolve(*missing.front()).string() + " is missing (" +
                std::to_string(missing.size()) + " of " + std::to_string(forget.size()) +
                " forget files missing); the audit needs the forget set's audio, so keep a "
                "copy of the deleted files until it has run");
  }
}

}  // namespace

std::vector<std::string> resolve_held_out(const data::Manifest& manifest,
                                          const AuditConfig& config) {
  if (config.held_out.empty()) {
    for (const std::string split : {"test", "val"}) {
      if (!contains(config.member_splits, split) && !manifest.in_split(split).empty()) {
        return {split};
      }
    }
    throw Error(config.manifest.string() +
                ": no held-out utterances (no test or val split outside the member splits " +
                join(config.member_splits) + "); pass --held-out");
  }
  for (const std::string& split : config.held_out) {
    if (manifest.in_split(split).empty()) {
      throw Error("--held-out: split '" + split + "' of " + config.manifest.string() + " is empty");
    }
  }
  return config.held_out;
}

AuditSets select_audit_sets(const data::Manifest& manifest, const AuditConfig& config, Rng& rng) {
  AuditSets sets;
  ForgetIdentity identity = identify_forget_set(manifest, config);
  sets.forget = std::move(identity.utterances);
  sets.forget_report = std::move(identity.report);
  check_forget_set(manifest, config, sets.forget);
  sets.held_out_names = resolve_held_out(manifest, config);
  int64_t held_out_total = 0;
  for (const std::string& split : sets.held_out_names) {
    sets.held_out.push_back(manifest.in_split(split));
    held_out_total += static_cast<int64_t>(sets.held_out.back().size());
  }

  // Members for fitting the attack: the remain set (member splits minus the forget set),
  // so the forget utterances the attack is later applied to are not among its fitting rows.
  const std::set<const data::Utterance*> forget(sets.forget.begin(), sets.forget.end());
  std::vector<const data::Utterance*> remain;
  for (const data::Utterance& u : manifest.utterances) {
    if (contains(config.member_splits, u.split) && forget.count(&u) == 0) remain.push_back(&u);
  }
  sets.remain_size = static_cast<int64_t>(remain.size());
  if (remain.empty() && forgotten_attribute(config.unlearned)) {
    // An attribute request spans every training utterance that carries the attribute and
    // forgets none of them as utterances: the attack learns membership from them all.
    for (const data::Utterance& u : manifest.utterances) {
      if (contains(config.member_splits, u.split)) remain.push_back(&u);
    }
    sets.forget_report["attack_members"] =
        "every training utterance (the attribute request spans them all)";
  }
  if (remain.empty()) {
    throw Error("the member splits (" + join(config.member_splits) + ") of " +
                config.manifest.string() +
                " hold no utterance outside the forget set; the MIA-efficacy attack needs "
                "training members to learn from");
  }
  const auto [member_rows, nonmember_rows] =
      metrics::balanced_subsample(static_cast<int64_t>(remain.size()), held_out_total, rng);
  for (const int64_t row : member_rows)
    sets.attack_members.push_back(remain[row]);
  sets.attack_nonmember_rows = nonmember_rows;
  if (config.relearn) {
    // Drawn from a stream of its own, so the attack's subsample is the same with or
    // without the probe.
    Rng relearn_rng = Rng(config.run.seed).fork(kRelearnStream);
    std::vector<const data::Utterance*> shuffled = remain;
    relearn_rng.shuffle(shuffled);
    const size_t count = std::max<size_t>(1, (remain.size() + 9) / 10);
    sets.relearn.assign(shuffled.begin(), shuffled.begin() + static_cast<std::ptrdiff_t>(count));
  }
  return sets;
}

}  // namespace emoforget::audit
