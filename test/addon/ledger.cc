// A process-wide ledger of probed closures, for the teardown torture: every
// environment that loads this addon (the main thread and any Worker) counts
// into the same totals, so a test can check them after its Workers are gone.
// Counts only; it holds no per-environment state.
#include "harness.h"

namespace {

struct Ledger {
  std::atomic<uint64_t> made{0};
  std::atomic<uint64_t> destroyed{0};
  std::atomic<uint64_t> destroyed_unrun{0};
  std::atomic<uint64_t> ran{0};
  std::atomic<uint64_t> accepted{0};
  std::atomic<uint64_t> rejected{0};
  std::atomic<int64_t> producers{0};
};

Ledger& TheLedger() {
  static Ledger ledger;  // trivially destructible: safe for threads still running at exit
  return ledger;
}

// A closure that counts its own life in the ledger.
struct Rig;
void OnRigRun(Rig* rig);

class LedgerClosure {
 public:
  explicit LedgerClosure(Rig* rig = nullptr) : rig_(rig) { TheLedger().made.fetch_add(1); }
  LedgerClosure(LedgerClosure&& other) noexcept : rig_(other.rig_), live_(other.live_), ran_(other.ran_) {
    other.live_ = false;
  }
  LedgerClosure(const LedgerClosure&) = delete;
  ~LedgerClosure() {
    if (!live_) return;
    TheLedger().destroyed.fetch_add(1);
    if (!ran_) TheLedger().destroyed_unrun.fetch_add(1);
  }
  void operator()(Napi::Env env, Napi::Value self, Napi::Function fn) {
    ran_ = true;
    TheLedger().ran.fetch_add(1);
    // Raw Node-API: a call that fails under worker.terminate() is not fatal.
    napi_value result = nullptr;
    napi_call_function(env, self, fn, 0, nullptr, &result);
    if (rig_ != nullptr) OnRigRun(rig_);
  }

 private:
  Rig* rig_;
  bool live_ = true;
  bool ran_ = false;
};

Napi::Value LedgerTotals(const Napi::CallbackInfo& info) {
  Ledger& ledger = TheLedger();
  Napi::Object result = Napi::Object::New(info.Env());
  auto set = [&](const char* name, double value) { result.Set(name, Napi::Number::New(info.Env(), value)); };
  set("made", static_cast<double>(ledger.made.load()));
  set("destroyed", static_cast<double>(ledger.destroyed.load()));
  set("destroyedUnrun", static_cast<double>(ledger.destroyed_unrun.load()));
  set("ran", static_cast<double>(ledger.ran.load()));
  set("accepted", static_cast<double>(ledger.accepted.load()));
  set("rejected", static_cast<double>(ledger.rejected.load()));
  set("producers", static_cast<double>(ledger.producers.load()));
  return result;
}

// A callback and its producer threads, made with raw Node-API only, for
// Workers terminated at any point: node-addon-api's wrappers abort when a
// call fails during termination (API.md, "Not promised"), raw calls just fail.
// Owned by its env exit hook, which closes the callback and joins the threads.
struct Rig {
  tscb::ThreadSafeCallback callback;
  std::vector<std::thread> producers;
  uint64_t runs = 0;  // JS thread only
  uint64_t close_after = 0;
};

void OnRigRun(Rig* rig) {
  if (++rig->runs == rig->close_after) rig->callback.Close();  // from inside a closure
}

void RunProducer(tscb::ThreadSafeCallback callback, bool blocking, Rig* rig);

uint32_t Uint32At(napi_env env, napi_value* argv, std::size_t argc, std::size_t index) {
  uint32_t value = 0;
  if (index < argc) napi_get_value_uint32(env, argv[index], &value);
  return value;
}

// startLedgerRig(fn, threads, maxQueueSize, blocking, closeAfter): returns
// whether producers were started (false once the environment is tearing down).
napi_value StartLedgerRig(napi_env env, napi_callback_info info) {
  napi_value argv[5] = {nullptr, nullptr, nullptr, nullptr, nullptr};
  std::size_t argc = 5;
  napi_value result = nullptr;
  if (napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr) != napi_ok || argc < 1) return nullptr;
  tscb::Options options;
  options.max_queue_size = Uint32At(env, argv, argc, 2);
  options.drain_limit = 4;
  auto* rig = new Rig;
  rig->close_after = Uint32At(env, argv, argc, 4);
  rig->callback = tscb::ThreadSafeCallback::New(Napi::Function(env, argv[0]), Napi::Value(), options);
  const tscb::EnvExitHookToken token = tscb::AddEnvExitHook(Napi::Env(env), [rig](Napi::Env, tscb::EnvKind) {
    rig->callback.Close();  // releases blocked producers
    for (auto& producer : rig->producers) producer.join();
    delete rig;
  });
  if (token == tscb::EnvExitHookToken()) {  // tearing down already: nothing started
    delete rig;
    napi_get_boolean(env, false, &result);
    return result;
  }
  const uint32_t threads = Uint32At(env, argv, argc, 1);
  const bool blocking = Uint32At(env, argv, argc, 3) != 0;
  for (uint32_t t = 0; t < threads; ++t) rig->producers.emplace_back(RunProducer, rig->callback, blocking, rig);
  napi_get_boolean(env, true, &result);
  return result;
}

void RunProducer(tscb::ThreadSafeCallback callback, bool blocking, Rig* rig) {
  Ledger& ledger = TheLedger();
  ledger.producers.fetch_add(1);
  for (;;) {
    const tscb::Status status =
        blocking ? callback.BlockingCall(LedgerClosure(rig)) : callback.Call(LedgerClosure(rig));
    if (status == tscb::Status::kOk) {
      ledger.accepted.fetch_add(1);
    } else {
      ledger.rejected.fetch_add(1);
      if (status == tscb::Status::kClosed) break;
      std::this_thread::yield();  // queue full
    }
  }
  ledger.producers.fetch_sub(1);
}

}  // namespace

void LedgerProducer(const tscb::ThreadSafeCallback& callback, bool blocking) {
  RunProducer(callback, blocking, nullptr);
}

void InitLedger(Napi::Env env, Napi::Object exports) {
  exports.Set("ledger", Napi::Function::New(env, LedgerTotals));
  napi_value rig = nullptr;
  napi_create_function(env, "startLedgerRig", NAPI_AUTO_LENGTH, StartLedgerRig, nullptr, &rig);
  exports.Set("startLedgerRig", Napi::Value(env, rig));
}
