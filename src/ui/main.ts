import './successor-app';
