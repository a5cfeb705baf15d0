// Attribute unlearning's evidence: does each model's pooled embedding still tell the
// attribute (gender) of speakers it never trained on? A speaker-disjoint linear probe
// (metrics/attribute_probe.h) on the embeddings of every utterance outside the member
// splits that carries a value. Forgetting the attribute succeeds when the unlearned
// model's probe reaches at most kProbeGoal balanced accuracy while its held-out
// emotion UAR keeps at least kEmotionKept of the original's.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/attribute.h"
#include "data/manifest.h"
#include "metrics/attack_classifier.h"
#include "model/sequence_classifier.h"
#include "train/device.h"
#include "train/labeled_audio.h"

namespace emoforget::audit {

constexpr double kProbeGoal = 0.60;
constexpr double kEmotionKept = 0.95;
constexpr int kProbeFolds = 5;

// The attribute an unlearned model's request removed (report.json), else nullopt.
std::optional<std::string> forgotten_attribute(const std::filesystem::path& unlearned_dir);

// Utterances outside `member_splits` carrying a value of `attribute`.
std::vector<const data::Utterance*> probe_utterances(const data::Manifest& manifest,
                                                     const std::string& attribute,
                                                     const std::vector<std::string>& member_splits);

// The probe's result for one model: {"balanced_accuracy", "folds", "n", "speakers"}.
nlohmann::json probe_model(model::SequenceClassifier& model, const train::LabeledAudio& set,
                           const data::BinaryAttribute& attribute,
                           const metrics::AttackClassifierConfig& probe, int64_t batch,
                           const train::DeviceConfig& device);

// The report's summary: each model's probe (models.<name>.attribute_probe), the emotion
// UAR kept on the first held-out split, and whether the goal is met.
nlohmann::json attribute_unlearning(const nlohmann::json& models,
                                    const data::BinaryAttribute& attribute,
                                    const std::string& split);

}  // namespace emoforget::audit
