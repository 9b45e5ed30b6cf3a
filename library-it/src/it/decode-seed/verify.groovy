// what the user's build printed: the vendor's example decoded by the default decoder
def log = new File(basedir, 'build.log').text
assert log.contains('sample apiserver_admission_controller_admission_duration_seconds_bucket job=apiserver value=675.0 ts=1698732988354')
assert log.contains('decoded 1 sample(s)')
assert log.contains('decoder aircompressor+scanner available')
return true
