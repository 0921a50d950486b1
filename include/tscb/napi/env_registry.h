// Per-environment state: the exit hooks, and the callbacks to close when the
// environment (main thread or Worker) tears down.
//
// One async cleanup hook per environment runs the exit hooks (last added
// first), then closes every callback of that environment, and reports itself
// done only when all their uv handles have closed, so Node keeps the loop
// turning until then and never closes a loop with our handles open.
//
// Lookup: napi_env -> registry, in a process-wide index guarded by a mutex and
// used only when a callback or hook is created. The index owns no state of
// its own; an environment's entry goes with its teardown. Instance data is
// left to the addon that includes this header.
#ifndef TSCB_NAPI_ENV_REGISTRY_H_
#define TSCB_NAPI_ENV_REGISTRY_H_

#include <node_api.h>
#include <uv.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "tscb/napi/pending_exception.h"

#if !defined(NAPI_VERSION) || NAPI_VERSION < 8
#error "threadsafe-callback needs NAPI_VERSION 8 or later (async cleanup hooks)"
#endif

namespace tscb {

namespace detail {
struct HookTokenAccess;
}  // namespace detail

// Which kind of environment is tearing down.
enum class EnvKind { kMain, kWorker };

// Names one exit hook, for RemoveEnvExitHook.
class EnvExitHookToken {
 public:
  EnvExitHookToken() noexcept = default;
  bool operator==(const EnvExitHookToken& other) const noexcept { return id_ == other.id_; }
  bool operator!=(const EnvExitHookToken& other) const noexcept { return id_ != other.id_; }

 private:
  friend struct detail::HookTokenAccess;
  explicit EnvExitHookToken(uint64_t id) noexcept : id_(id) {}
  uint64_t id_ = 0;
};

namespace detail {

struct HookTokenAccess {
  static EnvExitHookToken Make(uint64_t id) noexcept { return EnvExitHookToken(id); }
  static uint64_t Id(EnvExitHookToken token) noexcept { return token.id_; }
};

// What the registry needs from a callback's loop side.
class EnvMember {
 public:
  virtual void CloseForTeardown() = 0;
  virtual void OnBeforeExit() = 0;

 protected:
  ~EnvMember() = default;
};

// Which runtime hosts an environment. Their Node-API layers differ where the
// registry relies on them: Deno runs an async cleanup hook as a plain one and
// frees its handle when the hook returns (removing it from inside the hook
// frees it twice), and its uv_default_loop() is NULL.
enum class Host { kNode, kDeno };

// JS thread: globalThis.process, or nullptr (nothing left pending).
inline napi_value Process(napi_env env) {
  napi_value global = nullptr;
  napi_value process = nullptr;
  napi_valuetype type = napi_undefined;
  if (napi_get_global(env, &global) == napi_ok &&
      napi_get_named_property(env, global, "process", &process) == napi_ok &&
      napi_typeof(env, process, &type) == napi_ok && type == napi_object) {
    return process;
  }
  TakePendingException(env);
  return nullptr;
}

// JS thread: process[name], or nullptr (nothing left pending).
inline napi_value ProcessMember(napi_env env, const char* name) {
  napi_value process = Process(env);
  napi_value member = nullptr;
  if (process != nullptr && napi_get_named_property(env, process, name, &member) == napi_ok) {
    return member;
  }
  TakePendingException(env);
  return nullptr;
}

// JS thread: process.on(event, f), where f is a native function that calls
// `callback` with `data`. Returns f, or nullptr (nothing left pending) when the
// environment cannot take a listener.
inline napi_value ListenToProcess(napi_env env, const char* event, napi_callback callback,
                                  void* data) {
  napi_value process = Process(env);
  napi_value on = nullptr;
  napi_value argv[2] = {nullptr, nullptr};
  napi_value ignored = nullptr;
  const bool ok =
      process != nullptr && napi_get_named_property(env, process, "on", &on) == napi_ok &&
      napi_create_string_utf8(env, event, NAPI_AUTO_LENGTH, &argv[0]) == napi_ok &&
      napi_create_function(env, "threadsafeCallbackListener", NAPI_AUTO_LENGTH, callback, data,
                           &argv[1]) == napi_ok &&
      napi_call_function(env, process, on, 2, argv, &ignored) == napi_ok;
  if (ok) return argv[1];
  TakePendingException(env);
  return nullptr;
}

// JS thread: read from process.versions, once per environment.
inline Host DetectHost(napi_env env) {
  napi_value versions = ProcessMember(env, "versions");
  napi_valuetype type = napi_undefined;
  if (versions == nullptr || napi_typeof(env, versions, &type) != napi_ok || type != napi_object) {
    return Host::kNode;
  }
  bool has = false;
  if (napi_has_named_property(env, versions, "deno", &has) == napi_ok && has) return Host::kDeno;
  TakePendingException(env);
  return Host::kNode;
}

// JS thread: require('worker_threads').isMainThread, through
// process.getBuiltinModule (Node 20.16+, Bun, Deno); kWorker when it cannot
// be read.
inline EnvKind KindFromJs(napi_env env) {
  napi_value process = Process(env);
  napi_value get_builtin = ProcessMember(env, "getBuiltinModule");
  napi_value name = nullptr;
  napi_value module = nullptr;
  napi_value is_main = nullptr;
  napi_valuetype type = napi_undefined;
  bool main = false;
  const bool ok =
      get_builtin != nullptr && napi_typeof(env, get_builtin, &type) == napi_ok &&
      type == napi_function &&
      napi_create_string_utf8(env, "worker_threads", NAPI_AUTO_LENGTH, &name) == napi_ok &&
      napi_call_function(env, process, get_builtin, 1, &name, &module) == napi_ok &&
      napi_typeof(env, module, &type) == napi_ok && type == napi_object &&
      napi_get_named_property(env, module, "isMainThread", &is_main) == napi_ok &&
      napi_get_value_bool(env, is_main, &main) == napi_ok;
  TakePendingException(env);
  return ok && main ? EnvKind::kMain : EnvKind::kWorker;
}

class EnvRegistry {
 public:
  using Hook = std::function<void(napi_env, EnvKind)>;

  // JS thread. The registry of `env`, created on first use; nullptr once the
  // environment is tearing down (JS can no longer run there): a registry made
  // then would hook into a half-destroyed environment.
  static EnvRegistry* For(napi_env env) {
    std::lock_guard<std::mutex> lock(IndexMutex());
    auto& index = Index();
    auto found = index.find(env);
    if (found != index.end()) return found->second;
    if (!CanRunJs(env)) return nullptr;
    auto* registry = new EnvRegistry(env);
    if (napi_add_async_cleanup_hook(env, &EnvRegistry::OnTeardown, registry,
                                    &registry->cleanup_handle_) != napi_ok) {
      delete registry;
      return nullptr;
    }
    index.emplace(env, registry);
    return registry;
  }

  // Any thread. The registry of `env` if it has one; never creates one.
  static EnvRegistry* Find(napi_env env) {
    std::lock_guard<std::mutex> lock(IndexMutex());
    auto found = Index().find(env);
    return found == Index().end() ? nullptr : found->second;
  }

  // Any thread. The calling addon's environment whose JS thread this is, when
  // the library knows it (this addon made a callback or hook there and it is
  // not torn down); otherwise nullptr. The index may be shared by every addon
  // built with this header (g++ makes it one object per process), and
  // another addon's napi_env must not be used here.
  static napi_env OfThisThread() {
    std::lock_guard<std::mutex> lock(IndexMutex());
    for (const auto& entry : Index()) {
      const EnvRegistry& registry = *entry.second;
      if (registry.module_ == &ModuleMarker && registry.OnOwnerThread() &&
          !registry.tearing_down_) {
        return entry.first;
      }
    }
    return nullptr;
  }

  // Any thread. True when `env` is known (a callback or hook was created on
  // its JS thread) and the calling thread is not that JS thread: a misuse the
  // public entry points refuse before making any N-API call. An environment
  // the library has never seen cannot be told apart, so this is false for it.
  static bool KnownOffOwnerThread(napi_env env) {
    std::lock_guard<std::mutex> lock(IndexMutex());
    auto found = Index().find(env);
    return found != Index().end() && !found->second->OnOwnerThread();
  }

  // JS thread. False once the environment is terminating or tearing down:
  // every call that may run JS then fails with napi_pending_exception.
  static bool CanRunJs(napi_env env) {
    napi_value undefined = nullptr;
    napi_value ignored = nullptr;
    napi_get_undefined(env, &undefined);
    return napi_coerce_to_bool(env, undefined, &ignored) == napi_ok;
  }

  EnvKind Kind() const noexcept { return kind_; }
  bool OnOwnerThread() const noexcept { return std::this_thread::get_id() == owner_; }

  uint64_t AddHook(Hook hook) {
    const uint64_t id = next_hook_id_++;
    hooks_.emplace_back(id, std::move(hook));
    return id;
  }

  bool RemoveHook(uint64_t id) {
    auto found = std::find_if(hooks_.begin(), hooks_.end(),
                              [id](const auto& entry) { return entry.first == id; });
    if (found == hooks_.end()) return false;
    hooks_.erase(found);
    return true;
  }

  // JS thread, once per environment: on 'beforeExit' (the loop ran out of
  // work) every member gets OnBeforeExit(), so a kWhilePending callback whose
  // closures were accepted from other threads while its handle was unref'd
  // can keep the loop alive until they ran. Best effort: a failure leaves no
  // exception pending.
  void WatchBeforeExit() {
    if (watching_before_exit_) return;
    watching_before_exit_ = true;
    ListenToProcess(env_, "beforeExit", &EnvRegistry::OnBeforeExit, this);
  }

  // A member created after the callbacks were closed is closed at once.
  void Link(EnvMember* member) {
    members_.push_back(member);
    if (closing_members_) member->CloseForTeardown();
  }

  // From a member's final close (its uv handle closed).
  void Unlink(EnvMember* member) {
    members_.erase(std::remove(members_.begin(), members_.end(), member), members_.end());
    FinishIfDone();
  }

 private:
  explicit EnvRegistry(napi_env env)
      : env_(env), owner_(std::this_thread::get_id()), host_(DetectHost(env)) {
    uv_loop_t* loop = nullptr;
    napi_get_uv_event_loop(env, &loop);
    uv_loop_t* main_loop = uv_default_loop();
    if (main_loop != nullptr) {
      kind_ = loop == main_loop ? EnvKind::kMain : EnvKind::kWorker;
    } else {
      kind_ = KindFromJs(env);  // Deno: no default loop to compare with
    }
  }

  // Its address tells the shared objects that include this header apart:
  // each addon, loaded with RTLD_LOCAL, resolves it to its own copy.
  static void ModuleMarker() {}

  static std::mutex& IndexMutex() {
    static std::mutex* mutex = new std::mutex;  // never destroyed: Workers may outlive exit()
    return *mutex;
  }
  static std::unordered_map<napi_env, EnvRegistry*>& Index() {
    static auto* index = new std::unordered_map<napi_env, EnvRegistry*>;
    return *index;
  }

  static napi_value OnBeforeExit(napi_env env, napi_callback_info info) {
    void* data = nullptr;
    napi_get_cb_info(env, info, nullptr, nullptr, nullptr, &data);
    auto* self = static_cast<EnvRegistry*>(data);
    for (EnvMember* member : std::vector<EnvMember*>(self->members_)) member->OnBeforeExit();
    return nullptr;
  }

  static void OnTeardown(napi_async_cleanup_hook_handle handle, void* arg) {
    auto* self = static_cast<EnvRegistry*>(arg);
    self->cleanup_handle_ = handle;
    self->tearing_down_ = true;
    // Neither JS nor the environment's uv handles can be touched from another
    // thread: a runtime that runs the hook elsewhere gets nothing done here
    // (the registry and its callbacks are left as they are).
    if (!self->OnOwnerThread()) return;
    self->in_teardown_hook_ = true;
    self->RunHooks();
    self->closing_members_ = true;
    // Closing unlinks a member synchronously where uv_close() calls back at
    // once (Deno): the registry outlives this loop either way, and a member
    // already gone is skipped.
    const std::vector<EnvMember*> members = self->members_;
    for (EnvMember* member : members) {
      const auto& live = self->members_;
      if (std::find(live.begin(), live.end(), member) != live.end()) member->CloseForTeardown();
    }
    self->in_teardown_hook_ = false;
    self->FinishIfDone();
  }

  void RunHooks() {
    while (!hooks_.empty()) {  // last added first; a hook may add or remove hooks
      Hook hook = std::move(hooks_.back().second);
      hooks_.pop_back();
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
      try {
        hook(env_, kind_);
      } catch (...) {  // nowhere to report it during teardown
      }
#else
      hook(env_, kind_);
#endif
      TakePendingException(env_);
    }
  }

  void FinishIfDone() {
    if (!tearing_down_ || in_teardown_hook_ || !members_.empty()) return;
    {
      std::lock_guard<std::mutex> lock(IndexMutex());
      Index().erase(env_);
    }
    // Node: the hook is done when it is removed. Deno frees the handle itself
    // once the hook returns, and never waits for the rest.
    if (host_ != Host::kDeno) napi_remove_async_cleanup_hook(cleanup_handle_);
    delete this;
  }

  const napi_env env_;
  const std::thread::id owner_;
  const Host host_;
  void (*const module_)() = &ModuleMarker;  // the addon that made this registry
  EnvKind kind_;
  napi_async_cleanup_hook_handle cleanup_handle_ = nullptr;
  std::vector<std::pair<uint64_t, Hook>> hooks_;
  uint64_t next_hook_id_ = 1;
  std::vector<EnvMember*> members_;
  bool tearing_down_ = false;
  bool closing_members_ = false;
  bool in_teardown_hook_ = false;
  bool watching_before_exit_ = false;
};

}  // namespace detail
}  // namespace tscb

#endif  // TSCB_NAPI_ENV_REGISTRY_H_
