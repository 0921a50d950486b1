# The demo's addon, built from the public header exactly as a third party
# would build theirs.
{
  'targets': [
    {
      'target_name': 'progress_demo',
      'sources': ['addon.cc'],
      'include_dirs': ["<!(node -p \"require('threadsafe-callback').include_dir\")"],
      'dependencies': ["<!(node -p \"require('threadsafe-callback').gyp\")"],
      'cflags_cc': ['-std=c++17', '-O2', '-Wall', '-Wextra', '-Werror', '-fexceptions'],
      'cflags_cc!': ['-fno-exceptions'],
      'defines': ['NAPI_CPP_EXCEPTIONS', 'NAPI_VERSION=8'],
    },
  ],
}
