// The opcode interpreter of the restricted unpickler: a bounds-checked pickle virtual
// machine for the opcodes a torch.save state dict uses (protocols 2 to 4). It builds
// plain values (None, bool, int, str, tuple, list, dict) itself and leaves the meaning
// of globals, calls (REDUCE), persistent ids and BUILD to a subclass, which decides what
// is allowed. Values live in one arena and are referred to by index, so shared
// references (memo) and mutation (SETITEM on a memoised dict) behave as in Python, and
// cyclic or deeply nested input cannot overflow the native stack.
#pragma once

#include <c10/core/ScalarType.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace emoforget::tensor_io {

enum class PickleKind {
  kNone,
  kBool,
  kInt,
  kString,
  kTuple,
  kList,
  kDict,
  kGlobal,
  kStorage,
  kTensor
};

const char* pickle_kind_name(PickleKind kind);

struct PickleNode {
  PickleKind kind = PickleKind::kNone;
  int64_t number = 0;         // kBool, kInt; kStorage: element count; kTensor: subclass index
  std::string text;           // kString; kGlobal: "module.name"; kStorage: key
  std::vector<size_t> items;  // kTuple, kList; kDict: key, value, key, value, ...
  c10::ScalarType dtype = c10::ScalarType::Float;  // kStorage
};

class PickleMachine {
 public:
  PickleMachine(const uint8_t* data, size_t size, std::string source);
  virtual ~PickleMachine() = default;
  PickleMachine(const PickleMachine&) = delete;
  PickleMachine& operator=(const PickleMachine&) = delete;

 protected:
  // Runs to STOP and returns the id of the one value left on the stack.
  size_t run();

  // GLOBAL / STACK_GLOBAL: returns the id of the value standing for `module.name`.
  virtual size_t on_global(const std::string& module, const std::string& name) = 0;
  // REDUCE: calls `callable` with the tuple `args`, returns the result's id.
  virtual size_t on_reduce(size_t callable, size_t args) = 0;
  // BINPERSID: returns the id of the object the persistent id `pid` names.
  virtual size_t on_persistent_id(size_t pid) = 0;
  // BUILD: applies `state` to `object` (left on the stack).
  virtual void on_build(size_t object, size_t state) = 0;

  [[noreturn]] void fail(const std::string& what) const;  // names the source and byte
  size_t add(PickleNode node);
  size_t add_container(PickleKind kind, std::vector<size_t> items = {});
  // References stay valid only until the next add().
  const PickleNode& node(size_t id) const { return nodes_[id]; }
  const PickleNode& expect(size_t id, PickleKind kind, const std::string& what) const;
  const std::string& source() const { return source_; }

 private:
  const uint8_t* take(size_t count);
  uint8_t read_u8() { return *take(1); }
  uint64_t read_le(size_t count);
  std::string read_string(size_t count);
  std::string read_line();

  void execute(uint8_t op);
  size_t add_int(int64_t value);
  void push(size_t id) { stack_.push_back(id); }
  size_t pop();
  size_t top() const;
  size_t stack_floor() const { return marks_.empty() ? 0 : marks_.back(); }
  std::vector<size_t> pop_to_mark();
  std::vector<size_t> pop_n(size_t count);
  size_t memo_get(uint64_t index) const;
  void extend(size_t container, PickleKind kind, const std::vector<size_t>& values);

  const uint8_t* data_;
  size_t size_;
  std::string source_;
  size_t pos_ = 0;
  size_t op_start_ = 0;
  std::vector<PickleNode> nodes_;
  std::vector<size_t> stack_;
  std::vector<size_t> marks_;  // stack heights at each MARK
  std::unordered_map<uint64_t, size_t> memo_;
};

}  // namespace emoforget::tensor_io
