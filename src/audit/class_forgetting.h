// Class unlearning's evidence (a request that forgot every training utterance of one
// emotion, `forget --forget-class`): on the first held-out split, the class's recall
// for each model, and the share of its recall every other class keeps after
// unlearning. Forgetting the class succeeds when its recall falls to at most
// kForgottenRecall while every other class keeps at least kKeptShare of its recall.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace emoforget::audit {

constexpr double kForgottenRecall = 0.05;
constexpr double kKeptShare = 0.95;

// The emotion an unlearned model's request forgot as a class, from its report.json;
// nullopt for any other request.
std::optional<std::string> forgotten_class(const std::filesystem::path& unlearned_dir);

// `models` is the audit's models block (each with held_out.<split>.recall.<label>).
nlohmann::json class_forgetting(const nlohmann::json& models, const std::string& label,
                                const std::string& split);

}  // namespace emoforget::audit
