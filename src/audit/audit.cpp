#include "audit/audit.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>

#include <torch/torch.h>

#include "audit/attribute_evidence.h"
#include "audit/certificate.h"
#include "audit/class_forgetting.h"
#include "audit/relearn.h"
#include "audit/sets.h"
#include "common/error.h"
#include "common/rng.h"
#include "common/stopwatch.h"
#include "data/manifest.h"
#include "distributed/world.h"
#include "metrics/membership_inference.h"
#include "metrics/retrain_gap.h"
#include "metrics/z_test.h"
#include "model/checkpoint.h"
#include "model/config.h"
#include "train/inference.h"
#include "train/labeled_audio.h"
#include "train/memory_estimate.h"
#include "train/model_report.h"

namespace emoforget::audit {
namespace {
namespace fs = std::filesystem;

constexpr double kRelearnFallbackLr = 3e-5;  // a model without a fine-tuning report: the paper's

std::string join_labels(const std::vector<std::string>& labels) {
  std::string out = "[";
  for (size_t i = 0; i < labels.size(); ++i)
    out += (i ? ", " : "") + labels[i];
  return out + "]";
}

struct ModelRole {
  std::string name;    // original | unlearned | reference
  std::string option;  // the CLI option naming it
  fs::path dir;
};

// Fails fast, before any audio is decoded: every model directory exists and all
// models share the original's labels. Returns those labels.
std::vector<std::string> check_models(const std::vector<ModelRole>& roles) {
  std::vector<std::string> labels;
  for (const ModelRole& role : roles) {
    if (!fs::is_directory(role.dir)) {
      throw Error(role.option + ": model directory " + role.dir.string() + " does not exist");
    }
    const fs::path config_file = role.dir / "config.json";
    if (!fs::is_regular_file(config_file)) {
      throw Error(role.option + ": " + role.dir.string() +
                  " is not a checkpoint folder (no config.json)");
    }
    const std::vector<std::string> model_labels =
        model::ModelConfig::from_file(config_file.string()).id2label;
    if (labels.empty()) {
      labels = model_labels;
    } else if (model_labels != labels) {
      throw Error(role.option + ": " + role.dir.string() + " has labels " +
                  join_labels(model_labels) + " but " + roles.front().dir.string() + " has " +
                  join_labels(labels) + "; the audit compares models of the same classes");
    }
  }
  return labels;
}

// One model's outputs on one labelled set.
struct SetScore {
  metrics::ClassificationReport report;
  std::vector<double> losses;
  torch::Tensor features;  // (N, 4) attack features
  int64_t correct = 0;

  nlohmann::json to_json() const {
    nlohmann::json j = report.to_json();
    double sum = 0;
    for (double loss : losses)
      sum += loss;
    j["mean_loss"] = sum / static_cast<double>(losses.size());
    j["correct"] = correct;
    return j;
  }
};

SetScore score_set(model::SequenceClassifier& model, const train::LabeledAudio& set,
                   const AuditConfig& config) {
  const torch::Tensor logits =
      train::predict_logits(model, set, config.run.batch, config.run.device);
  const torch::Tensor predicted = logits.argmax(1).contiguous();
  const torch::Tensor truth = set.labels.contiguous();
  std::vector<int64_t> truth_ids(truth.data_ptr<int64_t>(),
                                 truth.data_ptr<int64_t>() + truth.numel());
  std::vector<int64_t> pred_ids(predicted.data_ptr<int64_t>(),
                                predicted.data_ptr<int64_t>() + predicted.numel());
  SetScore score;
  score.report = metrics::classification_report(truth_ids, pred_ids, model->config().id2label);
  score.losses = metrics::per_utterance_loss(logits, set.labels);
  score.features = metrics::attack_features(logits, set.labels);
  score.correct = predicted.eq(truth).sum().item<int64_t>();
  return score;
}

// One-tailed z-test on held-out correct predictions, both directions.
nlohmann::json z_test_json(const SetScore& a, const std::string& name_a, const SetScore& b,
                           const std::string& name_b) {
  const metrics::ZTestResult r =
      metrics::two_proportion_z_test(a.correct, a.report.n, b.correct, b.report.n);
  const double p_worse = metrics::normal_upper_tail(-r.z);
  nlohmann::json j = r.to_json();
  j["a"] = name_a;
  j["b"] = name_b;
  j["h1"] = name_a + " more accurate than " + name_b;
  j["stars"] = r.p_value < kStarPValue ? "*" : "";
  j["worse"] = {{"h1", name_a + " less accurate than " + name_b},
                {"p_value", p_worse},
                {"stars", p_worse < kStarPValue ? "*" : ""}};
  return j;
}

// The wall time that made a model, from its report.json (timings.wall_seconds).
std::optional<double> model_seconds(const fs::path& dir) {
  const nlohmann::json report = train::read_model_report(dir);
  if (!report.is_object() || !report.contains("timings") || !report["timings"].is_object()) {
    return std::nullopt;
  }
  const nlohmann::json& value = report["timings"].value("wall_seconds", nlohmann::json());
  if (!value.is_number()) return std::nullopt;
  return value.get<double>();
}

std::vector<double> sorted(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values;
}

nlohmann::json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json uar_wa_gap(const nlohmann::json& a, const nlohmann::json& b) {
  return {{"uar", a["uar"].get<double>() - b["uar"].get<double>()},
          {"wa", a["wa"].get<double>() - b["wa"].get<double>()}};
}

}  // namespace

nlohmann::json run_audit(const AuditConfig& given) {
  given.validate();
  const auto start = Clock::now();
  AuditConfig config = given;
  const std::string clip_choice = train::resolve_clip_seconds(config.run, config.original);
  std::vector<ModelRole> roles = {{"original", "--original", config.original},
                                  {"unlearned", "--unlearned", config.unlearned}};
  if (!config.reference.empty()) roles.push_back({"reference", "--reference", config.reference});
  const std::vector<std::string> labels = check_models(roles);

  const data::Manifest manifest = data::read_manifest(config.manifest);
  Rng rng(config.run.seed);
  const AuditSets sets = select_audit_sets(manifest, config, rng);

  // Decode every audio set once, after checking that they and the passes fit.
  const audio::AudioConfig audio = config.run.audio();
  {
    const model::ModelConfig shape =
        model::ModelConfig::from_file((config.original / "config.json").string());
    const int64_t samples = static_cast<int64_t>(audio.max_samples());
    train::MemoryEstimate memory = train::base_estimate(shape, 1, config.relearn);
    memory.activations =
        train::activation_bytes(shape, config.run.batch, samples,
                                config.relearn ? train::Pass::kTraining : train::Pass::kInference);
    memory.pass = "scoring " + train::batch_text(config.run.batch, config.run.max_seconds);
    size_t clips = sets.forget.size() + sets.attack_members.size() + sets.relearn.size();
    for (const auto& split : sets.held_out)
      clips += split.size();
    memory.data = static_cast<int64_t>(clips) * samples * 4;
    train::check_memory_fits(memory, "the audit");
  }
  const train::LabeledAudio forget =
      train::load_labeled_audio(manifest, sets.forget, labels, audio);
  std::vector<train::LabeledAudio> held_out;
  for (const auto& split : sets.held_out)
    held_out.push_back(train::load_labeled_audio(manifest, split, labels, audio));
  const train::LabeledAudio members =
      train::load_labeled_audio(manifest, sets.attack_members, labels, audio);
  train::LabeledAudio relearn_set;
  RelearnConfig relearn;
  if (config.relearn) {
    relearn_set = train::load_labeled_audio(manifest, sets.relearn, labels, audio);
    relearn.lr = train::model_learning_rate(config.original, kRelearnFallbackLr).first;
    relearn.seed = config.run.seed;
  }
  // The attribute probe's set: held-out speakers carrying a value.
  std::optional<data::BinaryAttribute> attribute;
  train::LabeledAudio probe_set;
  {
    std::string name = config.probe_attribute;
    if (name.empty()) name = forgotten_attribute(config.unlearned).value_or("");
    if (!name.empty()) {
      const auto rows = probe_utterances(manifest, name, config.member_splits);
      attribute = data::binary_attribute(manifest, rows, name);
      probe_set = train::load_labeled_audio(manifest, rows, labels, audio);
    }
  }
  const double decode_seconds = seconds_since(start);

  metrics::AttackClassifierConfig attack_config = config.attack;
  attack_config.seed = rng.next_u64();
  metrics::AttackClassifierConfig probe_config;
  probe_config.seed = attack_config.seed ^ 0x50524f4245ULL;  // "PROBE"
  nlohmann::json timings = {{"decode_seconds", decode_seconds}};
  nlohmann::json models;
  std::map<std::string, std::vector<SetScore>> held_out_scores;  // by model, per split
  std::map<std::string, metrics::ModelEvidence> evidence;        // by model
  const torch::Tensor nonmember_rows = torch::tensor(sets.attack_nonmember_rows, torch::kInt64);

  for (const ModelRole& role : roles) {
    const auto model_start = Clock::now();
    model::SequenceClassifier model = model::load_model(role.dir);
    model->to(config.run.device.torch_device());
    const SetScore forget_score = score_set(model, forget, config);
    std::vector<SetScore>& unseen = held_out_scores[role.name];
    for (const train::LabeledAudio& set : held_out)
      unseen.push_back(score_set(model, set, config));
    // MIA-efficacy as SalUn defines it: an attack fitted on this model's own outputs
    // (members: a sample of the remain set; non-members: held-out utterances).
    const SetScore member_score = score_set(model, members, config);
    std::vector<torch::Tensor> unseen_features;
    for (const SetScore& s : unseen)
      unseen_features.push_back(s.features);
    const metrics::MiaAttack attack = metrics::fit_mia_attack(
        member_score.features, torch::cat(unseen_features).index_select(0, nonmember_rows),
        attack_config);
    std::vector<double> unseen_losses;
    nlohmann::json held_out_json;
    for (size_t i = 0; i < unseen.size(); ++i) {
      unseen_losses.insert(unseen_losses.end(), unseen[i].losses.begin(), unseen[i].losses.end());
      held_out_json[sets.held_out_names[i]] = unseen[i].to_json();
    }
    const double loss_auc = metrics::loss_threshold_auc(forget_score.losses, unseen_losses);
    metrics::ModelEvidence& e = evidence[role.name];
    e.ua = forget_score.report.uar;
    e.ra = member_score.report.uar;
    e.ta = unseen.front().report.uar;
    e.ta_f1 = unseen.front().report.macro_f1;
    e.mia_efficacy = metrics::mia_efficacy(attack, forget_score.features);
    e.seconds = model_seconds(role.dir);
    models[role.name] = {
        {"dir", role.dir.string()},
        {"forget", forget_score.to_json()},
        {"remain", member_score.to_json()},
        {"held_out", held_out_json},
        {"mia_auc", loss_auc},
        {"loss_auc", loss_auc},
        {"mia_efficacy", e.mia_efficacy},
        {"mia_attack_train_accuracy", attack.train_accuracy},
        {"wall_seconds", optional_json(e.seconds)},
        // Sorted, so no value can be tied to an utterance: the certificate's plots.
        {"losses", {{"forget", sorted(forget_score.losses)}, {"held_out", sorted(unseen_losses)}}},
    };
    if (attribute) {
      models[role.name]["attribute_probe"] = probe_model(model, probe_set, *attribute, probe_config,
                                                         config.run.batch, config.run.device);
    }
    if (config.relearn && role.name != "original") {
      models[role.name]["relearn"] = relearn_probe(model, relearn_set, forget, relearn,
                                                   config.run.batch, config.run.device, role.name)
                                         .to_json();
    }
    timings[role.name + "_seconds"] = seconds_since(model_start);
  }

  nlohmann::json report;
  report["command"] = "audit";
  report["config"] = config.to_json();
  report["config"]["max_seconds_choice"] = clip_choice;
  report["held_out"] = sets.held_out_names;
  report["labels"] = labels;
  nlohmann::json set_sizes = {
      {"forget", sets.forget_report},
      {"attack_members",
       {{"n", members.size()},
        {"splits", config.member_splits},
        {"remain_size", sets.remain_size}}},
      {"attack_nonmembers",
       {{"n", sets.attack_nonmember_rows.size()}, {"splits", sets.held_out_names}}}};
  for (size_t i = 0; i < held_out.size(); ++i)
    set_sizes[sets.held_out_names[i]] = {{"n", held_out[i].size()}};
  report["sets"] = set_sizes;
  report["mia"] = {
      {"loss_threshold",
       {{"score", "-loss"}, {"members", "forget"}, {"nonmembers", sets.held_out_names}}},
      {"efficacy",
       {{"fitted_on", "each model's own outputs"},
        {"features", metrics::attack_feature_names()},
        {"classifier", attack_config.to_json()},
        {"members", members.size()},
        {"nonmembers", sets.attack_nonmember_rows.size()},
        {"meaning", "share of forget utterances the attack calls non-members"}}}};
  report["models"] = models;
  if (config.relearn) {
    nlohmann::json probe = relearn.to_json();
    probe["n"] = relearn_set.size();
    probe["meaning"] =
        "forget-set UAR while training on a random 10 % of the remain set; a model that "
        "hid rather than forgot climbs back faster than the retrained reference";
    report["relearn"] = probe;
  }

  nlohmann::json z_tests;
  for (size_t i = 0; i < held_out.size(); ++i) {
    const std::string& split = sets.held_out_names[i];
    const SetScore& unlearned = held_out_scores["unlearned"][i];
    z_tests[split]["unlearned_vs_original"] =
        z_test_json(unlearned, "unlearned", held_out_scores["original"][i], "original");
    if (!config.reference.empty()) {
      z_tests[split]["unlearned_vs_reference"] =
          z_test_json(unlearned, "unlearned", held_out_scores["reference"][i], "reference");
    }
  }
  report["z_tests"] = z_tests;

  if (!config.reference.empty()) {
    const nlohmann::json& u = models["unlearned"];
    const nlohmann::json& r = models["reference"];
    nlohmann::json gap = {
        {"forget", uar_wa_gap(u["forget"], r["forget"])},
        {"mia_auc", u["mia_auc"].get<double>() - r["mia_auc"].get<double>()},
        {"mia_efficacy", u["mia_efficacy"].get<double>() - r["mia_efficacy"].get<double>()}};
    for (const std::string& split : sets.held_out_names)
      gap["held_out"][split] = uar_wa_gap(u["held_out"][split], r["held_out"][split]);
    gap["meaning"] = "unlearned minus reference";
    report["gap_to_reference"] = gap;
    nlohmann::json& scored = report["models"];
    const metrics::ModelEvidence& gold = evidence.at("reference");
    for (auto& [name, e] : evidence)
      scored[name]["avg_gap_to_retrain"] = metrics::avg_gap_to_retrain(e, gold);
    const metrics::ModelEvidence& unl = evidence.at("unlearned");
    scored["unlearned"]["gum"] =
        metrics::gum(unl, gold, evidence.at("original"), static_cast<int>(labels.size())).to_json();
    scored["unlearned"]["speedup_over_retrain"] =
        optional_json(metrics::speedup_over_retrain(unl, gold));
    report["retrain_comparison"] = {
        {"ua", "UAR on the forget set"},
        {"ra", "UAR on the remain-set sample (the MIA members)"},
        {"ta", "UAR on " + sets.held_out_names.front()},
        {"avg_gap_to_retrain", "mean |difference| of UA, RA, TA and MIA-efficacy"},
        {"gum", "UnSLU-BENCH's GUM: harmonic mean of U (macro F1 on " +
                    sets.held_out_names.front() + "), E (MIA-efficacy), T (wall time)"}};
  }
  if (attribute)
    report["attribute_unlearning"] =
        attribute_unlearning(models, *attribute, sets.held_out_names.front());
  if (const auto label = forgotten_class(config.unlearned))
    report["class_forgetting"] = class_forgetting(models, *label, sets.held_out_names.front());
  timings["total_seconds"] = seconds_since(start);
  report["timings"] = timings;
  const Verdict verdict = certificate_verdict(report);
  report["verdict"] = {
      {"level", verdict.level}, {"headline", verdict.headline}, {"reason", verdict.reason}};
  if (distributed::world().is_main()) write_certificate(report, config.html, config.markdown);
  distributed::world().barrier("writing the certificate");
  return report;
}

}  // namespace emoforget::audit
