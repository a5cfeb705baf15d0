#include "tensor_io/pickle_machine.h"

#include <cstdio>

#include "common/error.h"

namespace emoforget::tensor_io {
namespace {
constexpr size_t kMaxGlobalNameBytes = 256;
}  // namespace

const char* pickle_kind_name(PickleKind kind) {
  switch (kind) {
    case PickleKind::kNone:
      return "None";
    case PickleKind::kBool:
      return "bool";
    case PickleKind::kInt:
      return "int";
    case PickleKind::kString:
      return "str";
    case PickleKind::kTuple:
      return "tuple";
    case PickleKind::kList:
      return "list";
    case PickleKind::kDict:
      return "dict";
    case PickleKind::kGlobal:
      return "global";
    case PickleKind::kStorage:
      return "storage";
    case PickleKind::kTensor:
      return "tensor";
  }
  return "value";
}

PickleMachine::PickleMachine(const uint8_t* data, size_t size, std::string source)
    : data_(data), size_(size), source_(std::move(source)) {}

size_t PickleMachine::run() {
  while (true) {
    op_start_ = pos_;
    const uint8_t op = read_u8();
    if (op == '.') break;  // STOP
    execute(op);
  }
  if (stack_.size() != 1 || !marks_.empty()) {
    fail("STOP leaves " + std::to_string(stack_.size()) + " values on the stack; expected 1");
  }
  return stack_.back();
}

void PickleMachine::fail(const std::string& what) const {
  throw Error("invalid pickle in " + source_ + " at byte " + std::to_string(op_start_) + ": " +
              what);
}

const uint8_t* PickleMachine::take(size_t count) {
  if (count > size_ - pos_) {
    fail("needs " + std::to_string(count) + " bytes but only " + std::to_string(size_ - pos_) +
         " remain (truncated?)");
  }
  const uint8_t* bytes = data_ + pos_;
  pos_ += count;
  return bytes;
}

uint64_t PickleMachine::read_le(size_t count) {
  const uint8_t* bytes = take(count);
  uint64_t value = 0;
  for (size_t i = count; i > 0; --i)
    value = (value << 8) | bytes[i - 1];
  return value;
}

std::string PickleMachine::read_string(size_t count) {
  const uint8_t* bytes = take(count);
  return std::string(reinterpret_cast<const char*>(bytes), count);
}

std::string PickleMachine::read_line() {
  for (size_t end = pos_; end < size_ && end - pos_ <= kMaxGlobalNameBytes; ++end) {
    if (data_[end] == '\n') {
      std::string line = read_string(end - pos_);
      ++pos_;
      return line;
    }
  }
  fail("GLOBAL name is not terminated by a newline within " + std::to_string(kMaxGlobalNameBytes) +
       " bytes");
}

size_t PickleMachine::add(PickleNode node) {
  nodes_.push_back(std::move(node));
  return nodes_.size() - 1;
}

size_t PickleMachine::add_int(int64_t value) {
  PickleNode node;
  node.kind = PickleKind::kInt;
  node.number = value;
  return add(std::move(node));
}

size_t PickleMachine::add_container(PickleKind kind, std::vector<size_t> items) {
  PickleNode node;
  node.kind = kind;
  node.items = std::move(items);
  return add(std::move(node));
}

const PickleNode& PickleMachine::expect(size_t id, PickleKind kind, const std::string& what) const {
  if (nodes_[id].kind != kind) {
    fail(what + " must be a " + pickle_kind_name(kind) + ", found " +
         pickle_kind_name(nodes_[id].kind));
  }
  return nodes_[id];
}

size_t PickleMachine::pop() {
  if (stack_.size() <= stack_floor()) fail("stack underflow");
  const size_t id = stack_.back();
  stack_.pop_back();
  return id;
}

size_t PickleMachine::top() const {
  if (stack_.size() <= stack_floor()) fail("stack underflow");
  return stack_.back();
}

std::vector<size_t> PickleMachine::pop_to_mark() {
  if (marks_.empty()) fail("no MARK on the stack");
  std::vector<size_t> items(stack_.begin() + static_cast<std::ptrdiff_t>(marks_.back()),
                            stack_.end());
  stack_.resize(marks_.back());
  marks_.pop_back();
  return items;
}

std::vector<size_t> PickleMachine::pop_n(size_t count) {
  std::vector<size_t> items(count);
  for (size_t i = count; i > 0; --i)
    items[i - 1] = pop();
  return items;
}

size_t PickleMachine::memo_get(uint64_t index) const {
  const auto found = memo_.find(index);
  if (found == memo_.end()) fail("memo index " + std::to_string(index) + " was never stored");
  return found->second;
}

// APPEND(S) on a list, SETITEM(S) on a dict (values then hold key, value pairs).
void PickleMachine::extend(size_t container, PickleKind kind, const std::vector<size_t>& values) {
  const bool dict = kind == PickleKind::kDict;
  expect(container, kind, dict ? "the target of SETITEM" : "the target of APPEND");
  if (dict && values.size() % 2 != 0) fail("SETITEMS needs key/value pairs, found an odd count");
  auto& items = nodes_[container].items;
  items.insert(items.end(), values.begin(), values.end());
}

void PickleMachine::execute(uint8_t op) {
  switch (op) {
    case 0x80: {  // PROTO
      const uint8_t version = read_u8();
      if (version < 2 || version > 5)
        fail("unsupported pickle protocol " + std::to_string(version));
      break;
    }
    case 0x95:
      read_le(8);
      break;  // FRAME: a length hint only
    case '(':
      marks_.push_back(stack_.size());
      break;  // MARK
    case '0':
      pop();
      break;  // POP
    case '1':
      pop_to_mark();
      break;  // POP_MARK
    case 'N':
      push(add(PickleNode{}));
      break;      // NONE
    case 0x88:    // NEWTRUE
    case 0x89: {  // NEWFALSE
      PickleNode value;
      value.kind = PickleKind::kBool;
      value.number = op == 0x88 ? 1 : 0;
      push(add(std::move(value)));
      break;
    }
    case 'K':
      push(add_int(read_u8()));
      break;  // BININT1
    case 'M':
      push(add_int(static_cast<int64_t>(read_le(2))));
      break;   // BININT2
    case 'J':  // BININT
      push(add_int(static_cast<int32_t>(static_cast<uint32_t>(read_le(4)))));
      break;
    case 0x8a: {  // LONG1: little-endian two's complement of n bytes
      const uint8_t count = read_u8();
      if (count > 8) fail("LONG1 integer of " + std::to_string(count) + " bytes exceeds 64 bits");
      uint64_t value = read_le(count);
      if (count > 0 && count < 8 && ((value >> (8 * count - 1)) & 1)) value |= ~0ULL << (8 * count);
      push(add_int(static_cast<int64_t>(value)));
      break;
    }
    case 'X':     // BINUNICODE
    case 0x8c: {  // SHORT_BINUNICODE
      const size_t length = static_cast<size_t>(op == 'X' ? read_le(4) : read_u8());
      PickleNode text;
      text.kind = PickleKind::kString;
      text.text = read_string(length);
      push(add(std::move(text)));
      break;
    }
    case ')':
      push(add_container(PickleKind::kTuple));
      break;  // EMPTY_TUPLE
    case 0x85:
      push(add_container(PickleKind::kTuple, pop_n(1)));
      break;  // TUPLE1
    case 0x86:
      push(add_container(PickleKind::kTuple, pop_n(2)));
      break;  // TUPLE2
    case 0x87:
      push(add_container(PickleKind::kTuple, pop_n(3)));
      break;  // TUPLE3
    case 't':
      push(add_container(PickleKind::kTuple, pop_to_mark()));
      break;  // TUPLE
    case ']':
      push(add_container(PickleKind::kList));
      break;  // EMPTY_LIST
    case 'l':
      push(add_container(PickleKind::kList, pop_to_mark()));
      break;  // LIST
    case '}':
      push(add_container(PickleKind::kDict));
      break;     // EMPTY_DICT
    case 'a': {  // APPEND
      const std::vector<size_t> value = pop_n(1);
      extend(top(), PickleKind::kList, value);
      break;
    }
    case 'e': {  // APPENDS
      const std::vector<size_t> values = pop_to_mark();
      extend(top(), PickleKind::kList, values);
      break;
    }
    case 'd': {  // DICT
      const std::vector<size_t> pairs = pop_to_mark();
      const size_t dict = add_container(PickleKind::kDict);
      extend(dict, PickleKind::kDict, pairs);
      push(dict);
      break;
    }
    case 's': {  // SETITEM
      const std::vector<size_t> pair = pop_n(2);
      extend(top(), PickleKind::kDict, pair);
      break;
    }
    case 'u': {  // SETITEMS
      const std::vector<size_t> pairs = pop_to_mark();
      extend(top(), PickleKind::kDict, pairs);
      break;
    }
    case 'q': {  // BINPUT
      const size_t value = top();
      memo_[read_u8()] = value;
      break;
    }
    case 'r': {  // LONG_BINPUT
      const size_t value = top();
      memo_[read_le(4)] = value;
      break;
    }
    case 0x94: {  // MEMOIZE
      const size_t value = top();
      memo_[memo_.size()] = value;
      break;
    }
    case 'h':
      push(memo_get(read_u8()));
      break;  // BINGET
    case 'j':
      push(memo_get(read_le(4)));
      break;     // LONG_BINGET
    case 'c': {  // GLOBAL
      const std::string module = read_line();
      const std::string name = read_line();
      push(on_global(module, name));
      break;
    }
    case 0x93: {  // STACK_GLOBAL
      const std::string name = expect(pop(), PickleKind::kString, "the STACK_GLOBAL name").text;
      const std::string module = expect(pop(), PickleKind::kString, "the STACK_GLOBAL module").text;
      push(on_global(module, name));
      break;
    }
    case 'R': {  // REDUCE
      const size_t args = pop();
      const size_t callable = pop();
      push(on_reduce(callable, args));
      break;
    }
    case 'Q':
      push(on_persistent_id(pop()));
      break;     // BINPERSID
    case 'b': {  // BUILD
      const size_t state = pop();
      on_build(top(), state);
      break;
    }
    default: {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "0x%02x", op);
      fail(std::string("unsupported pickle opcode ") + hex +
           " (only the opcodes of a tensor state dict are implemented)");
    }
  }
}

}  // namespace emoforget::tensor_io
