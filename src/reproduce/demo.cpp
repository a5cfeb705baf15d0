#include "reproduce/demo.h"

#include <chrono>
#include <cstdio>

#include "audit/audit.h"
#include "common/atomic_write.h"
#include "common/build_info.h"
#include "common/error.h"
#include "common/rng.h"
#include "common/stopwatch.h"
#include "data/manifest.h"
#include "model/checkpoint.h"
#include "reproduce/config.h"
#include "reproduce/demo_table.h"
#include "synth/corpus.h"
#include "train/finetune.h"
#include "unlearn/forget_set.h"
#include "unlearn/method.h"
#include "unlearn/unlearn.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;
namespace {

void phase(const std::string& text) {
  std::fprintf(stderr, "\n== demo: %s\n", text.c_str());
}

// The demo's N random training utterances, written as a forget file every method shares.
fs::path write_forget_file(const DemoConfig& config, const fs::path& manifest_path) {
  const data::Manifest manifest = data::read_manifest(manifest_path);
  unlearn::ForgetRequest request;
  request.random = config.forget;
  Rng rng(config.run.seed);
  std::string text = "utt_id\n";
  for (const auto* u : unlearn::select_forget_set(manifest, request, {"train"}, rng)) {
    text += u->utt_id + "\n";
  }
  const fs::path path = config.out / "forget.csv";
  write_file_atomic(path, text);
  return path;
}

}  // namespace

unlearn::MethodSettings demo_method_settings() {
  unlearn::MethodSettings s;
  s.pgd.m = 8;   // paper: 20
  s.pgd.p = 10;  // paper: 50
  s.pgd.tau = 0.3;
  s.lambda_ewc = 1.0;
  s.fisher_norm = "mean";
  s.epochs = 5;
  s.lr = 3e-4;
  return s;
}

train::RunOptions demo_run_options() {
  train::RunOptions run;
  run.max_seconds = 2.0;
  return run;
}

void DemoConfig::validate() const {
  if (out.empty()) throw Error("--out is required");
  if (speakers < 3) throw Error("--speakers must be >= 3, got " + std::to_string(speakers));
  if (per_class < 1) throw Error("--per-class must be >= 1, got " + std::to_string(per_class));
  if (finetune_epochs < 1) throw Error("--epochs must be >= 1");
  if (forget < 1) throw Error("--forget must be >= 1, got " + std::to_string(forget));
  if (methods.empty()) throw Error("--methods: at least one method");
  for (const auto& method : methods)
    unlearn::method_info(method, "--methods");
  unlearn.validate("unlearn-");
  run.validate();
  if (fs::exists(out) && !fs::is_empty(out) && !overwrite) {
    throw Error("--out " + out.string() +
                " exists and is not empty; pass --overwrite to replace it");
  }
}

nlohmann::json DemoConfig::to_json() const {
  nlohmann::json j = {{"out", out.string()},
                      {"speakers", speakers},
                      {"per_class", per_class},
                      {"finetune_epochs", finetune_epochs},
                      {"split", split},
                      {"finetune_lr", finetune_lr},
                      {"finetune_batch", run.batch},
                      {"forget", forget},
                      {"methods", methods},
                      {"tau", unlearn.pgd.tau}};
  run.add_to_json(j);
  add_unlearn_settings(unlearn, j);
  return j;
}

nlohmann::json run_demo(const DemoConfig& config, std::string& table) {
  config.validate();
  const auto wall_start = Clock::now();
  if (config.overwrite && fs::exists(config.out)) fs::remove_all(config.out);
  fs::create_directories(config.out);
  nlohmann::json timings;

  phase("1/5 synthesising a corpus (" + std::to_string(config.speakers) +
        " speakers x 7 emotions x " + std::to_string(config.per_class) + ")");
  auto start = Clock::now();
  synth::SynthConfig synth;
  synth.out = config.out / "corpus";
  synth.speakers = config.speakers;
  synth.per_class = config.per_class;
  synth.split = config.split;
  synth.seed = config.run.seed;
  synth::synthesize_corpus(synth);
  const fs::path manifest = synth.out / "manifest.csv";
  timings["synth_seconds"] = seconds_since(start);

  phase("2/5 fine-tuning the tiny model from scratch");
  start = Clock::now();
  const fs::path init = config.out / "init";
  {
    model::ModelConfig model_config = model::ModelConfig::preset("tiny");
    model_config.id2label = data::read_manifest(manifest).emotions();
    model::SequenceClassifier initial(model_config);
    initial->init_weights(config.run.seed);
    model::save_model(initial, init);
  }
  train::FinetuneConfig finetune;
  finetune.manifest = manifest;
  finetune.init = init;
  finetune.out = config.out / "model";
  finetune.epochs = config.finetune_epochs;
  finetune.lr = config.finetune_lr;
  finetune.warmup_ratio = 0.05;
  finetune.run = config.run;
  const nlohmann::json finetune_report = train::finetune(finetune);
  timings["finetune_seconds"] = seconds_since(start);

  const fs::path forget_file = write_forget_file(config, manifest);
  nlohmann::json runs = nlohmann::json::object();
  std::vector<std::pair<std::string, double>> run_seconds;
  // retrain first: it is the reference every audit compares with.
  std::vector<std::string> order = config.methods;
  std::stable_partition(order.begin(), order.end(),
                        [](const auto& m) { return unlearn::method_info(m).needs_init; });
  int index = 0;
  for (const std::string& method : order) {
    phase("3/5 forgetting " + std::to_string(config.forget) + " utterances: " + method + " (" +
          std::to_string(++index) + "/" + std::to_string(order.size()) + ")");
    unlearn::UnlearnConfig unlearn;
    unlearn.model_dir = finetune.out;
    unlearn.manifest = manifest;
    unlearn.out = config.out / "unlearned" / method;
    unlearn.init = init;
    unlearn.method = method;
    unlearn.forget.file = forget_file;
    unlearn.pgd_cache = config.out / "pgd-cache";  // adv and adv-ewc share one attack
    unlearn.settings = config.unlearn;
    unlearn.run = config.run;
    start = Clock::now();
    runs[method] = unlearn::run_unlearning(unlearn);
    run_seconds.emplace_back(method, seconds_since(start));
  }

  fs::remove_all(config.out / "pgd-cache");

  phase("4/5 auditing every unlearned model (membership inference, z-tests)");
  start = Clock::now();
  const std::string& reference = unlearn::reference_method().name;
  const bool has_reference = runs.contains(reference);
  nlohmann::json audits = nlohmann::json::object();
  for (const auto& [method, seconds] : run_seconds) {
    audit::AuditConfig audit;
    audit.original = finetune.out;
    audit.unlearned = config.out / "unlearned" / method;
    if (has_reference) audit.reference = config.out / "unlearned" / reference;
    audit.manifest = manifest;
    audit.forget_file = forget_file;
    audit.run = config.run;
    audits[method] = audit::run_audit(audit);
    write_file_atomic(config.out / "unlearned" / method / "audit.json",
                      audits[method].dump(2) + "\n");
  }
  timings["audit_seconds"] = seconds_since(start);

  phase("5/5 summary");
  for (const auto& [method, seconds] : run_seconds)
    timings[method + "_seconds"] = seconds;
  table = demo_table(audits, run_seconds, timings["finetune_seconds"].get<double>(), reference);
  const std::string departures = departures_from_paper(config.unlearn, config.run);
  if (!departures.empty()) table += "\nSettings that differ from the paper: " + departures + ".\n";
  timings["wall_seconds"] = seconds_since(wall_start);

  nlohmann::json report = {{"command", "demo"},
                           {"config", config.to_json()},
                           {"seed", config.run.seed},
                           {"paths",
                            {{"corpus", synth.out.string()},
                             {"manifest", manifest.string()},
                             {"model", finetune.out.string()},
                             {"forget_file", forget_file.string()},
                             {"unlearned", (config.out / "unlearned").string()}}},
                           {"finetune",
                            {{"best_epoch", finetune_report["best_epoch"]},
                             {"best_val_uar", finetune_report["best_val_uar"]},
                             {"final", finetune_report["final"]}}},
                           {"table_markdown", table},
                           {"timings", timings},
                           {"versions", build_info()}};
  write_file_atomic(config.out / "demo.json", report.dump(2) + "\n");
  write_file_atomic(config.out / "table.md", table);
  return report;
}

}  // namespace emoforget::reproduce
