// Env exit hooks: each prints one line when its environment tears down, so a
// test can read the order from the process's output.
#include <cstdio>
#include <string>

#include "harness.h"

namespace {

const char* KindName(tscb::EnvKind kind) { return kind == tscb::EnvKind::kMain ? "main" : "worker"; }

// A closure that says whether it ran or was destroyed unrun.
class Teller {
 public:
  explicit Teller(std::string name) : name_(std::move(name)) {}
  Teller(Teller&& other) noexcept : name_(std::move(other.name_)), moved_(other.moved_) { other.moved_ = true; }
  Teller(const Teller&) = delete;
  ~Teller() {
    if (!moved_ && !ran_) std::printf("closure %s destroyed unrun\n", name_.c_str()), std::fflush(stdout);
  }
  void operator()(Napi::Env, Napi::Value, Napi::Function) {
    ran_ = true;
    std::printf("closure %s ran\n", name_.c_str());
    std::fflush(stdout);
  }

 private:
  std::string name_;
  bool moved_ = false;
  bool ran_ = false;
};

// addExitHook(name, harness?): prints "hook <name> <kind> callback <open|closed|none>"
// at teardown; with a harness, also queues a closure on it from the hook.
Napi::Value AddExitHook(const Napi::CallbackInfo& info) {
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  tscb::ThreadSafeCallback callback;
  if (info[1].IsObject()) callback = Harness::From(info[1])->callback();
  tscb::EnvExitHookToken token = tscb::AddEnvExitHook(
      info.Env(), [name, callback](Napi::Env, tscb::EnvKind kind) {
        const char* state = "none";
        if (callback.Stats().accepted != 0 || !callback.IsClosed()) state = callback.IsClosed() ? "closed" : "open";
        std::printf("hook %s %s callback %s\n", name.c_str(), KindName(kind), state);
        std::fflush(stdout);
        if (!callback.IsClosed()) callback.Call(Teller("queued-by-" + name));
      });
  // The token goes back to JS as an external, for removeExitHook.
  return Napi::External<tscb::EnvExitHookToken>::New(
      info.Env(), new tscb::EnvExitHookToken(token),
      [](Napi::Env, tscb::EnvExitHookToken* held) { delete held; });
}

Napi::Value RemoveExitHook(const Napi::CallbackInfo& info) {
  auto* token = info[0].As<Napi::External<tscb::EnvExitHookToken>>().Data();
  return Napi::Boolean::New(info.Env(), tscb::RemoveEnvExitHook(info.Env(), *token));
}

}  // namespace

void InitEnvHooks(Napi::Env env, Napi::Object exports) {
  exports.Set("addExitHook", Napi::Function::New(env, AddExitHook));
  exports.Set("removeExitHook", Napi::Function::New(env, RemoveExitHook));
}
