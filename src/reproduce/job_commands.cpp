#include "reproduce/job_commands.h"

#include <cstdio>
#include <fstream>

#include "common/error.h"
#include "common/number_text.h"

namespace emoforget::reproduce {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> head(const JobContext& c, const std::string& command) {
  return {c.executable.string(), "--threads", std::to_string(c.threads), command};
}

void add(std::vector<std::string>& argv, std::initializer_list<std::string> items) {
  argv.insert(argv.end(), items.begin(), items.end());
}

void add_run(const JobContext& c, std::vector<std::string>& argv) {
  add(argv, {"--seed", std::to_string(c.run.seed), "--device", c.run.device.device});
  if (c.run.device.bf16) argv.push_back("--bf16");
  if (c.run.batch > 0) add(argv, {"--batch", std::to_string(c.run.batch)});
  if (c.run.max_seconds > 0) add(argv, {"--max-seconds", flag_number(c.run.max_seconds)});
}

}  // namespace

std::string flag_number(double value) {
  return round_trip_text(value);
}

SideJob forget_job(const JobContext& c, const std::string& method, const fs::path& model,
                   const fs::path& forget_file, const fs::path& out,
                   const unlearn::MethodSettings& s, const fs::path& pgd_cache,
                   const fs::path& init, const std::string& log_name) {
  std::vector<std::string> argv = head(c, "forget");
  add(argv, {"--model",
             model.string(),
             "--manifest",
             c.manifest.string(),
             "--forget-file",
             forget_file.string(),
             "--method",
             method,
             "--out",
             out.string(),
             "--m",
             std::to_string(s.pgd.m),
             "--p",
             std::to_string(s.pgd.p),
             "--tau",
             flag_number(s.pgd.tau),
             "--sigma",
             flag_number(s.pgd.sigma),
             "--pgd-batch",
             std::to_string(s.pgd.batch),
             "--lambda-mis",
             flag_number(s.lambda_mis),
             "--lambda-adv",
             flag_number(s.lambda_adv),
             "--lambda-ewc",
             flag_number(s.lambda_ewc),
             "--fisher-norm",
             s.fisher_norm,
             "--epochs",
             std::to_string(s.epochs),
             "--lr",
             flag_number(s.lr),
             "--retrain-epochs",
             std::to_string(s.retrain_epochs),
             "--retrain-lr",
             flag_number(s.retrain_lr)});
  const std::vector<std::string> variant = s.variant.to_flags();
  argv.insert(argv.end(), variant.begin(), variant.end());
  if (!pgd_cache.empty()) add(argv, {"--pgd-cache", pgd_cache.string()});
  if (!init.empty()) add(argv, {"--init", init.string()});
  if (c.overwrite) argv.push_back("--overwrite");
  add_run(c, argv);
  return {method, argv, c.logs / (log_name + ".log")};
}

SideJob audit_job(const JobContext& c, const fs::path& original, const fs::path& unlearned,
                  const fs::path& reference, const fs::path& forget_file, const fs::path& report,
                  const std::string& log_name) {
  std::vector<std::string> argv = head(c, "audit");
  add(argv, {"--original", original.string(), "--unlearned", unlearned.string(), "--manifest",
             c.manifest.string(), "--forget-file", forget_file.string(), "--report",
             report.string(), "--markdown", (c.logs / (log_name + ".md")).string()});
  if (!reference.empty()) add(argv, {"--reference", reference.string()});
  add_run(c, argv);
  return {"audit " + unlearned.filename().string(), argv, c.logs / (log_name + ".log")};
}

nlohmann::json read_job_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read " + path.string() + " (the job that writes it did not)");
  return nlohmann::json::parse(in);
}

}  // namespace emoforget::reproduce
