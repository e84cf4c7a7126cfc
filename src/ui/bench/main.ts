import './bench-app';
