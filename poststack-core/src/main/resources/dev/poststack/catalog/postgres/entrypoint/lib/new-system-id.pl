#!/usr/bin/perl
# perl new-system-id.pl PGDATA: gives the cleanly shut down cluster in PGDATA a database system identifier of its own
# (the first field of global/pg_control) and its control file a matching CRC-32C. A first start copies the cluster
# the image made at build time (20-init-cluster.sh); without a new identifier every container of the image would
# share one, and pgBackRest, streaming replication and Patroni tell clusters apart by it. pg_resetwal runs next and
# writes WAL that carries the new identifier. Exits non-zero, changing nothing, when the file is not as expected.
use strict;
use warnings;
use Time::HiRes ();

my $dir = shift @ARGV or die "usage: perl new-system-id.pl PGDATA\n";
my $file = "$dir/global/pg_control";
open(my $in, '<:raw', $file) or die "cannot read $file: $!\n";
my $size = -s $in;
(read($in, my $control, $size) // -1) == $size or die "cannot read $file\n";
close $in;

# CRC-32C (Castagnoli, reflected), as PostgreSQL's pg_crc32c computes it.
my @table = map {
    my $c = $_;
    $c = $c & 1 ? ($c >> 1) ^ 0x82F63B78 : $c >> 1 for 1 .. 8;
    $c
} 0 .. 255;

sub crc32c {
    my $crc = 0xFFFFFFFF;
    $crc = $table[($crc ^ $_) & 0xFF] ^ ($crc >> 8) for unpack 'C*', $_[0];
    return $crc ^ 0xFFFFFFFF;
}

# The CRC covers the control data up to the CRC field and is stored there; the field's offset differs between
# majors, so it is found: the one 4-byte-aligned offset whose bytes hold the CRC of all bytes before it.
my @offsets = grep { crc32c(substr($control, 0, $_)) == unpack('V', substr($control, $_, 4)) }
    map { $_ * 4 } 2 .. 256;
@offsets == 1 or die "$file: expected one CRC field, found " . scalar(@offsets) . "\n";
my $crc_at = $offsets[0];

# Made as initdb makes one (seconds since the epoch, then microseconds), with 12 random bits where initdb puts
# its pid, which is the same in every container.
my ($seconds, $micros) = Time::HiRes::gettimeofday();
open(my $random, '<:raw', '/dev/urandom') or die "cannot read /dev/urandom: $!\n";
(read($random, my $bytes, 2) // -1) == 2 or die "cannot read /dev/urandom\n";
close $random;
my $id = ($seconds << 32) | ($micros << 12) | (unpack('v', $bytes) & 0xFFF);
substr($control, 0, 8) = pack('Q<', $id);
substr($control, $crc_at, 4) = pack('V', crc32c(substr($control, 0, $crc_at)));

open(my $out, '+<:raw', $file) or die "cannot write $file: $!\n";
print {$out} $control or die "cannot write $file: $!\n";
close $out or die "cannot write $file: $!\n";
