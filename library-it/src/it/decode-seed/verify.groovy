// what the user's build printed: the vendor's example decoded by the default decoder
def log = new File(basedir, 'build.log').text
assert log.contains('sample apiserver_admission_controller_admission_duration_seconds_bucket job=apiserver value=675.0 ts=1698732988354')
assert log.contains('decoded 1 sample(s)')
assert log.contains('decoder aircompressor+scanner available')

// the project depends on decoder-core only (through the BOM): its optional libraries are not on the class
// path, and the decoders that need them say which artifact to add instead of failing
assert log.contains('class com.fasterxml.jackson.core.JsonFactory absent')
assert log.contains('class com.dslplatform.json.DslJson absent')
assert log.contains('class org.xerial.snappy.Snappy absent')
assert log.contains('class io.airlift.compress.snappy.SnappyDecompressor present')
assert log.contains('class ch.randelshofer.fastdoubleparser.JavaDoubleParser present')
def jackson = ~/needs com\.fasterxml\.jackson\.core:jackson-core:\d[^ ]* on the class path/
def dslJson = ~/needs com\.dslplatform:dsl-json:\d[^ ]* on the class path/
def snappyJava = ~/needs org\.xerial\.snappy:snappy-java:\d[^ ]* on the class path/
def decoders = log.readLines().findAll { it.startsWith('decoder ') }
assert decoders.size() == 6 : decoders
def line = { String name -> decoders.find { it.startsWith("decoder ${name} ") } }
assert line('aircompressor+jackson') =~ /unavailable: / && line('aircompressor+jackson') =~ jackson
assert line('aircompressor+dsl-json') =~ /unavailable: / && line('aircompressor+dsl-json') =~ dslJson
assert line('snappy-java+scanner') =~ /unavailable: / && line('snappy-java+scanner') =~ snappyJava
assert line('snappy-java+jackson') =~ snappyJava && line('snappy-java+jackson') =~ jackson
assert line('snappy-java+dsl-json') =~ snappyJava && line('snappy-java+dsl-json') =~ dslJson
assert !log.contains('NoClassDefFoundError')
assert !log.contains('could not be instantiated')

// and Maven's own view of the dependency tree (mvn dependency:list)
def deps = new File(basedir, 'target/dependencies.txt').text
assert deps.contains('io.promsnap:decoder-core:jar:')
assert deps.contains('io.airlift:aircompressor:jar:')
assert deps.contains('ch.randelshofer:fastdoubleparser:jar:')
['jackson-core', 'dsl-json', 'snappy-java'].each { assert !deps.contains(":${it}:") : "${it} in\n${deps}" }
return true
