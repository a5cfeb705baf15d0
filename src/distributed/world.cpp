#include "distributed/world.h"

#include <mutex>

#include "common/error.h"

namespace emoforget::distributed {
namespace {

std::unique_ptr<Group>& process_group() {
  static std::unique_ptr<Group> group;
  return group;
}

std::mutex& process_group_mutex() {
  static std::mutex mutex;
  return mutex;
}

thread_local Group* scoped = nullptr;

}  // namespace

Group& world() {
  if (scoped != nullptr) return *scoped;
  const std::lock_guard<std::mutex> lock(process_group_mutex());
  std::unique_ptr<Group>& group = process_group();
  if (!group) group = std::make_unique<Group>(Environment{}, GroupOptions{});
  return *group;
}

void init_world(const Environment& env, const GroupOptions& options) {
  const std::lock_guard<std::mutex> lock(process_group_mutex());
  std::unique_ptr<Group>& group = process_group();
  if (group && group->size() > 1) throw Error("distributed: this process already joined a run");
  group = std::make_unique<Group>(env, options);
}

void shutdown_world() {
  const std::lock_guard<std::mutex> lock(process_group_mutex());
  process_group().reset();
}

WorldScope::WorldScope(Group& group) : previous_(scoped) {
  scoped = &group;
}

WorldScope::~WorldScope() {
  scoped = previous_;
}

}  // namespace emoforget::distributed
